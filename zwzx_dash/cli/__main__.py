import sys

from zwzx_dash.cli.commands import main

sys.exit(main())
