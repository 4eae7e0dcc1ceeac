"""``python -m distauth``: the same command line as the ``distauth`` script."""

from distauth.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
