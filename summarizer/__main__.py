"""Run the summarizer CLI: `python -m summarizer FILE`."""

from summarizer.cli import main

raise SystemExit(main())
