// libedit (BSD editline) with its readline-compatible API, for the `tf>` REPL.
#ifndef TASKFLOW_CEDITLINE_SHIM_H
#define TASKFLOW_CEDITLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>
#include <histedit.h>
#endif
