#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| vardlots_fuzz::guide_yaml(data));
