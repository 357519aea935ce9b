// the design of tests/data/project; paths relative to the current directory, as with Verilator -f
+incdir+inc
+define+INVERT
rtl/top.v   # the top
rtl/core.v
