"""The curated services directory (Open Referral HSDS 3.0 aligned): models and search."""
