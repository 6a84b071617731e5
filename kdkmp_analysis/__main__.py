"""``python -m kdkmp_analysis`` is the ``kdkmp`` command."""

from kdkmp_analysis.cli import main

raise SystemExit(main())
