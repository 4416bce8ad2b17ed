"""Text checks (TX): text repeated or copied, typos and garbles."""
