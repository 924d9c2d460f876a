#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vardlots_fuzz::markdown(data));
