from chroma_tui.cli import main

raise SystemExit(main())
