"""One file through read, facts and checks, and many files across workers: what a run is made of."""
