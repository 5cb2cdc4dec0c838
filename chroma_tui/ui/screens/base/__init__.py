"""The bases screens are built on: WizardStep, RunScreen, StreamingScreen, BackendCalls."""
