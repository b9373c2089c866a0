#![allow(clippy::unwrap_used, dead_code)]
mod wrong {
    use ferrolab::grade::{Grader, Report};
    pub struct Wrong {
        pub id: &'static str,
        pub what: &'static str,
        pub grade: fn(&Grader) -> Report,
        pub says: &'static str,
    }
    #[path = "/tmp/wrongmath/math/mod.rs"]
    pub mod math;
}
use ferrolab::grade::Verdict;
#[test]
fn wrong_math() {
    let grader = ferrolab::grading::grader();
    let mut failed = Vec::new();
    for w in wrong::math::answers() {
        match (w.grade)(&grader).verdict {
            Verdict::Incorrect { message } if message.contains(w.says) => {
                println!("OK {} ({}): {}", w.id, w.what, message)
            }
            other => failed.push(format!(
                "{} ({}): wanted {:?}, got {other:?}",
                w.id, w.what, w.says
            )),
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
