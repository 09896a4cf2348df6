"""`python -m descent.data [mnist|movielens]`: download a data set on request (`make data`,
`make movielens`)."""

import sys

from descent.data import download_mnist, download_movielens, load_mnist, load_movielens

which = sys.argv[1] if len(sys.argv) > 1 else "mnist"
if which == "mnist":
    path = download_mnist()
    print(f"full MNIST ready: {path} ({load_mnist('full').describe()})")
elif which == "movielens":
    path = download_movielens()
    print(f"MovieLens 100k ready: {path} ({load_movielens().describe()})")
else:
    sys.exit(f"unknown data set {which!r}: choose mnist or movielens")
