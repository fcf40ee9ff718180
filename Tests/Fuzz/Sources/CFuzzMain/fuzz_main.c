// The entry point of the fuzz build. SwiftPM links an executable target's entry as
// <Target>_main; with -parse-as-library the Swift code has none, so this hands the process to
// libFuzzer's driver, which calls LLVMFuzzerTestOneInput (FuzzEntry.swift) for each input.
// In a normal build (no TASKFLOW_FUZZ) it defines nothing and the Swift @main replays inputs.
#include "fuzz_main.h"

#ifdef TASKFLOW_FUZZ
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int TaskFlowFuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
#endif

int taskflow_fuzz_main_present(void) { return 1; }
