//! The instruction-count guard's workload: one operation of the table, on its example input
//! (`core/openapi-examples/<operation>.json`, the body the OpenAPI document shows), called once to
//! warm up (lazily built tables, the allocator's first pages) and then once more inside `measured`,
//! the only function `valgrind --tool=callgrind --collect-atstart=no --toggle-collect` counts.
//! Instruction counts repeat exactly for the same binary, so a change in them is a change in the
//! code, not in the machine's load. `scripts/instructions.sh` runs it for every operation and
//! compares with `bench/instructions.tsv` (BENCHMARKS.md, "The instruction-count guard").
//!
//! ```text
//! cargo bench -p icce-core --bench instructions --no-run
//! <binary> --list                    # the operations, one per line
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*instructions*measured*' \
//!   <binary> validateRequestOut
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::process::ExitCode;

#[inline(never)]
fn measured(call: fn(&str) -> String, input: &str) -> usize {
    call(black_box(input)).len()
}

fn main() -> ExitCode {
    let Some(arg) = std::env::args().nth(1) else {
        eprintln!("usage: instructions --list | instructions OPERATION");
        return ExitCode::from(2);
    };
    if arg == "--list" {
        for op in icce_core::api::OPERATIONS {
            println!("{}", op.name);
        }
        return ExitCode::SUCCESS;
    }
    let Some(op) = icce_core::api::OPERATIONS.iter().find(|o| o.name == arg) else {
        eprintln!("instructions: no operation named {arg}");
        return ExitCode::from(2);
    };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi-examples").join(format!("{}.json", op.name));
    let input = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let warm = (op.call)(&input);
    let len = measured(op.call, &input);
    if len != warm.len() {
        eprintln!("instructions: {} answered differently the second time", op.name);
        return ExitCode::FAILURE;
    }
    println!("{} {len}", op.name);
    ExitCode::SUCCESS
}
