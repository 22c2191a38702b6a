"""Generated first-order mutants of the reference widget (`python -m mutants`, `make mutants`).

Each mutant changes one place of one reference file (a Python API module or a JavaScript file of
the SDK or the iframe app); the e2e suite runs against a copy of the reference holding it, in the
profiles that serve that code. The suite should fail on (kill) every mutant that breaks a promise
of the contract. Own runner rather than mutmut: mutmut mutates in-process and runs the package's
own tests, while our suite tests a reference started as a separate process (and the JavaScript it
serves to a browser), so a mutant has to be a copied source tree that a subprocess runs."""
