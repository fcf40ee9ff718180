// CBLAS for TaskFlow's CPU backend: OpenBLAS on Linux (libopenblas-dev), plus TaskFlow's own
// header-only elementwise and attention kernels (runtime-dispatched AVX2, portable fallback).
#include <cblas.h>
#include "taskflow_kernels.h"
