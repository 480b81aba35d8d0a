//! Auto-reply patterns as an admin types them: whatever passes the check when they are
//! saved compiles, all together, into the detector the inbound flow uses (otherwise
//! the server would fall back to the defaults without anyone knowing), and the
//! detector answers for any message.
#![no_main]

use app::{auto_reply::ssr::check_patterns, domain::auto_reply::AutoReplyDetector};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (Vec<String>, &str)| {
    let (typed, text) = input;
    let Ok(patterns) = check_patterns(&typed) else {
        return;
    };
    let detector = match AutoReplyDetector::new(&patterns) {
        Ok(detector) => detector,
        Err(e) => panic!("saved patterns {patterns:?} do not compile together: {e}"),
    };
    // None of them matches everything.
    assert!(!detector.is_auto_reply(""), "{patterns:?}");
    let _ = detector.is_auto_reply(text);
});
