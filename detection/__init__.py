"""The detection check: the e2e suite must pass on the clean reference and fail on every defect."""
