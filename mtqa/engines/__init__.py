"""Where the map step runs: this process or a pool of worker processes (local), or a Dask cluster (dask)."""
