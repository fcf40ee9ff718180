#ifndef TASKFLOW_FUZZ_MAIN_H
#define TASKFLOW_FUZZ_MAIN_H

/// Always 1; it keeps the module non-empty in builds without the fuzzer.
int taskflow_fuzz_main_present(void);

#endif
