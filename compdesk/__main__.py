"""`python -m compdesk` is the same as the `compdesk` command."""

import sys

from compdesk.cli import main

sys.exit(main())
