// Rewrites musl's `__syscall(SYS_x, ...)` into `syscall_SYS_x(...)`: the Coccinelle pass the
// scanner is benchmarked against (bench/run.mjs).
@@
identifier SYS =~ "^SYS_";
expression list ES;
fresh identifier F = "syscall_" ## SYS;
@@
- __syscall(SYS, ES)
+ F(ES)
