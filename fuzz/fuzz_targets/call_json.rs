//! `icce_core::call_json` with any operation name and any input bytes (the first byte picks the
//! operation; see `icce_fuzz::split_operation`). Bytes that are not UTF-8 go through the C ABI's
//! native face, `icce_wasm::call_bytes`, exactly as the module receives them. For UTF-8 input to
//! an operation that reads one, the input decoder and its oracle must agree.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (op, input) = icce_fuzz::split_operation(data);
    let op_text = String::from_utf8_lossy(&op).into_owned();
    let answer = match (std::str::from_utf8(&op), std::str::from_utf8(input)) {
        (Ok(op), Ok(text)) => {
            icce_fuzz::check_decoders(op, text);
            icce_core::call_json(op, text)
        }
        _ => icce_wasm::call_bytes(&op, input),
    };
    icce_fuzz::check_answer(&op_text, &answer);
});
