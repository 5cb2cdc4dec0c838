"""The 500-event benchmark's stack, apart from its backend process's module: the UI's process
imports these without boto3 (as the app's UI process never imports it)."""

STACK = "bench-500"
STACK_ID = f"arn:aws:cloudformation:us-east-1:123456789012:stack/{STACK}/0000-bench"
TOKEN = "chroma-tui-create-bench"
