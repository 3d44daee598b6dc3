import sys

from policylint.cli import main

sys.exit(main())
