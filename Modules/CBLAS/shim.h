// CBLAS for TaskFlow's CPU backend: OpenBLAS on Linux (libopenblas-dev).
#include <cblas.h>
