"""The usual alternatives to this design, written minimally over the SAME service and repository code as
the learning hub's handler (bench/peer_compare.py measures them side by side)."""
