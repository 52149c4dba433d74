from regiodesk.cli import main

raise SystemExit(main())
