// stateless4_any_instance: same request, same answer, on any instance
//
// A stateless service grows by running identical copies of itself, called instances,
// behind a load balancer that sends each request to whichever instance it likes. That
// works only if the copies really are identical: every instance gives the same answer
// to the same request, so it never matters which one was asked.
//
// This service splits users between the two sides of an experiment:
// `variant("user-42")` says whether that user sees design A or design B. One user's
// requests reach different instances all day long. If two instances disagree, that
// user's screen flips between designs from one click to the next.
//
// Each instance on its own is consistent: ask it about a user a thousand times, get
// the same answer a thousand times. The trouble is `salt`. Every new instance takes the
// next number from a global counter when it is created ("so instances are not all
// alike"), and mixes it into the answer. So the answer depends on which instance you
// ask: on state that one instance holds and the others do not, and even on how many
// instances were started before it.
//
// Task: make every instance give the same answer for the same user, with users still
// split about half and half between A and B. The user id in the request must be the
// only input to the answer. Keep `hash` as it is: it spreads users evenly.
//
// "Every instance" includes the ones in other processes, on other machines, started
// yesterday or next week. So the answer may not depend on anything an instance picks
// when it starts either: not a counter, not a random seed, not the time. The instances
// already running in production use `hash(user_id, 0)` (the experiment's seed is part
// of its configuration, written into the program); the test
// `agrees_with_the_instances_already_in_production` holds answers recorded from them,
// and yours must match.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    A,
    B,
}

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

/// Picked once, when the process first needs it, and shared by every instance in it.
static EXPERIMENT_SEED: OnceLock<u64> = OnceLock::new();

fn experiment_seed() -> u64 {
    *EXPERIMENT_SEED.get_or_init(|| RandomState::new().build_hasher().finish())
}

/// One instance of the experiment service. It holds nothing, so all instances are alike.
#[derive(Debug, Default)]
pub struct ExperimentService;

impl ExperimentService {
    /// Starts a new instance.
    pub fn new() -> Self {
        Self
    }

    /// Which side of the experiment this user is on.
    pub fn variant(&self, user_id: &str) -> Variant {
        // The lowest bit of the hash decides.
        if hash(user_id, experiment_seed()) & 1 == 0 {
            Variant::A
        } else {
            Variant::B
        }
    }
}

// ----- provided: you do not need to change this -----
/// A hash of `text` that is the same in every process, on every machine, in every Rust
/// version: FNV-1a started from `seed`, then mixed so that every bit of the result
/// depends on every byte of the text.
fn hash(text: &str, seed: u64) -> u64 {
    let mut h = 0xCBF2_9CE4_8422_2325 ^ seed;
    for &byte in text.as_bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}
// ----- your code -----

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn user(i: usize) -> String {
        format!("user-{i}")
    }

    #[test]
    fn one_instance_gives_a_user_the_same_variant_every_time() {
        let service = ExperimentService::new();
        let first = service.variant("user-42");
        for _ in 0..1_000 {
            assert_eq!(service.variant("user-42"), first, "user-42 asked again");
        }
    }

    #[test]
    fn two_instances_agree_on_every_user() {
        let first = ExperimentService::new();
        let second = ExperimentService::new();
        for i in 0..1_000 {
            let id = user(i);
            assert_eq!(
                second.variant(&id),
                first.variant(&id),
                "{id} got different variants from two instances"
            );
        }
    }

    #[test]
    fn instances_started_later_agree_with_the_first() {
        let first = ExperimentService::new();
        for started in 1..=20 {
            let later = ExperimentService::new();
            for i in 0..200 {
                let id = user(i);
                assert_eq!(
                    later.variant(&id),
                    first.variant(&id),
                    "{id}: instance number {started} after the first disagrees with it"
                );
            }
        }
    }

    #[test]
    fn a_restarted_instance_gives_the_same_answers() {
        let before: Vec<Variant> = {
            let service = ExperimentService::new();
            (0..500).map(|i| service.variant(&user(i))).collect()
        }; // the instance is dropped here, as if its process stopped
        let restarted = ExperimentService::new();
        for (i, &variant) in before.iter().enumerate() {
            assert_eq!(
                restarted.variant(&user(i)),
                variant,
                "{} after a restart",
                user(i)
            );
        }
    }

    #[test]
    fn a_balancer_may_send_each_request_to_any_instance() {
        let single = ExperimentService::new();
        let instances: Vec<ExperimentService> = (0..5).map(|_| ExperimentService::new()).collect();
        let mut seen: HashMap<String, Variant> = HashMap::new();
        for request in 0..3_000 {
            let id = user(request * 7 % 100);
            // Round robin: request 0 to instance 0, request 1 to instance 1, ...
            let answer = instances[request % instances.len()].variant(&id);
            assert_eq!(answer, single.variant(&id), "{id}, request {request}");
            let first = *seen.entry(id.clone()).or_insert(answer);
            assert_eq!(
                answer, first,
                "{id} flipped between designs at request {request}"
            );
        }
    }

    #[test]
    fn agrees_with_the_instances_already_in_production() {
        // Recorded from instances running in another process: the variant of user-0,
        // user-1, ... user-63, in order.
        let recorded = "AABABBBAAAABABAAABABBBAAABBAAABBAAAAABAABBBABAAABABBAAAAABAABBBB";
        let service = ExperimentService::new();
        for (i, letter) in recorded.chars().enumerate() {
            let expected = if letter == 'A' { Variant::A } else { Variant::B };
            assert_eq!(
                service.variant(&user(i)),
                expected,
                "{}: the instances in production say {letter}",
                user(i)
            );
        }
    }

    #[test]
    fn users_are_split_roughly_half_and_half() {
        let service = ExperimentService::new();
        let on_b = (0..10_000)
            .filter(|&i| service.variant(&user(i)) == Variant::B)
            .count();
        assert!(
            (4_500..=5_500).contains(&on_b),
            "{on_b} of 10000 users on B; expected about half"
        );
    }
}
