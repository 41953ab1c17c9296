// stateless3_hidden_state: find and remove hidden state
//
// This `Handler` speaks a protocol like the one you just built ("MAX 3 9 4",
// "MIN 3 9 4", "SUM 1 2"; `None` for a malformed request), and `handle` takes `&self`,
// so it looks stateless. It is not. A colleague tucked memory inside it, using `Cell`
// and `RefCell`, types that allow changes through a shared `&` reference:
//   * `scratch`, a buffer reused between requests "to save allocations". It is emptied
//     at the end of a request, unless the request returns early.
//   * `last_answer`, so that a bare "MAX" with no numbers repeats the previous answer
//     "for convenience".
// Both make an answer depend on which requests came before it. In a real service, what
// came before depends on other clients, on timing, and on which server a load balancer
// happened to pick: nobody can predict it, so nobody can rely on the answer.
//
// The third field, `served`, is different. It counts the requests this handler has
// handled, for the operators' dashboard (`served()`), and no answer ever reads it. A
// field like that is an *operational counter*: it changes, but it can never change
// what a client is told, so to its clients the handler is still stateless. (The
// servers of chapter 4 keep one too.) The line to draw is not "no fields at all" but
// "nothing an answer is computed from survives the request".
//
// Task: make `Handler` stateless to its clients. The same request gets the same answer
// whatever was asked before, in any order. A request with no numbers is malformed
// (`None`), like any other. Remove every field that an answer reads (even one you
// would empty carefully at the start of each request: the safest memory is none), and
// keep `served` counting every request, malformed ones included. When you are done,
// `served` is the only field left.

use std::cell::{Cell, RefCell};

#[derive(Debug, Default)]
pub struct Handler {
    /// Reused between requests to save allocations.
    scratch: RefCell<Vec<i64>>,
    /// Requests handled so far, for the dashboard. No answer reads it.
    served: Cell<u64>,
}

impl Handler {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many requests this handler has handled, malformed ones included.
    pub fn served(&self) -> u64 {
        self.served.get()
    }

    /// Answers one request, or `None` if it is malformed.
    pub fn handle(&self, request: &str) -> Option<i64> {
        self.served.set(self.served.get() + 1);
        let mut words = request.split_whitespace();
        let command = words.next()?;
        let mut scratch = self.scratch.borrow_mut();
        for word in words {
            scratch.push(word.parse().ok()?);
        }
        let answer = match command {
            "MAX" => scratch.iter().copied().max(),
            "MIN" => scratch.iter().copied().min(),
            "SUM" if !scratch.is_empty() => scratch
                .iter()
                .try_fold(0i64, |total, &n| total.checked_add(n)),
            _ => None,
        };
        scratch.clear();
        answer
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// splitmix64: a tiny deterministic random source for shuffling.
    struct Rng(u64);

    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn shuffle<T>(&mut self, items: &mut [T]) {
            for i in (1..items.len()).rev() {
                let j = (self.next_u64() % (i as u64 + 1)) as usize;
                items.swap(i, j);
            }
        }
    }

    /// Requests and the one answer each must always get.
    const CASES: [(&str, Option<i64>); 12] = [
        ("MAX 3 9 4", Some(9)),
        ("MIN 3 9 4", Some(3)),
        ("SUM 1 2", Some(3)),
        ("SUM 10", Some(10)),
        ("MAX -5 -2", Some(-2)),
        ("MIN 7", Some(7)),
        ("MAX", None),
        ("SUM", None),
        ("SUM 1 2 x", None),
        ("MAX 8 oops", None),
        ("AVG 1 2", None),
        ("", None),
    ];

    #[test]
    fn answers_well_formed_requests() {
        let handler = Handler::new();
        assert_eq!(handler.handle("MAX 3 9 4"), Some(9), "MAX 3 9 4");
        assert_eq!(handler.handle("MIN 3 9 4"), Some(3), "MIN 3 9 4");
        assert_eq!(handler.handle("SUM 1 2"), Some(3), "SUM 1 2");
    }

    #[test]
    fn rejects_malformed_requests() {
        let handler = Handler::new();
        assert_eq!(handler.handle(""), None, "an empty request");
        assert_eq!(handler.handle("AVG 1 2"), None, "an unknown command");
        assert_eq!(
            handler.handle("MAX 1 x"),
            None,
            "a word that is not a number"
        );
        assert_eq!(handler.handle("MAX"), None, "a command without numbers");
    }

    #[test]
    fn the_same_request_twice_gets_the_same_answer() {
        let handler = Handler::new();
        let first = handler.handle("SUM 1 2");
        let second = handler.handle("SUM 1 2");
        assert_eq!(first, Some(3), "SUM 1 2, the first time");
        assert_eq!(second, Some(3), "SUM 1 2, the second time");
    }

    #[test]
    fn a_bare_command_does_not_repeat_the_previous_answer() {
        let handler = Handler::new();
        assert_eq!(handler.handle("MAX 3 9"), Some(9), "MAX 3 9");
        assert_eq!(
            handler.handle("MAX"),
            None,
            "MAX without numbers, after MAX 3 9"
        );
        assert_eq!(
            handler.handle("MIN"),
            None,
            "MIN without numbers, after MAX 3 9"
        );
    }

    #[test]
    fn a_malformed_request_leaves_no_trace() {
        let handler = Handler::new();
        assert_eq!(handler.handle("SUM 1 2 x"), None, "SUM 1 2 x is malformed");
        assert_eq!(
            handler.handle("SUM 10"),
            Some(10),
            "SUM 10, after SUM 1 2 x"
        );
        assert_eq!(
            handler.handle("MAX 50 nope"),
            None,
            "MAX 50 nope is malformed"
        );
        assert_eq!(handler.handle("MAX 1"), Some(1), "MAX 1, after MAX 50 nope");
    }

    #[test]
    fn a_used_handler_answers_like_a_fresh_one() {
        let used = Handler::new();
        for (request, _) in CASES {
            used.handle(request);
        }
        for (request, expected) in CASES {
            let fresh = Handler::new();
            assert_eq!(
                fresh.handle(request),
                expected,
                "{request:?} on a fresh handler"
            );
            assert_eq!(
                used.handle(request),
                expected,
                "{request:?} on a used handler"
            );
        }
    }

    #[test]
    fn the_same_requests_in_any_order_get_the_same_answers() {
        let mut rng = Rng(0x57A7_E301);
        let handler = Handler::new();
        let mut cases = CASES.to_vec();
        for round in 0..50 {
            rng.shuffle(&mut cases);
            for &(request, expected) in &cases {
                assert_eq!(
                    handler.handle(request),
                    expected,
                    "{request:?} in shuffled round {round}"
                );
            }
        }
    }

    #[test]
    fn served_counts_every_request_and_changes_no_answer() {
        let handler = Handler::new();
        assert_eq!(handler.served(), 0, "a new handler has served nothing");
        for (request, _) in CASES {
            handler.handle(request);
        }
        assert_eq!(
            handler.served(),
            CASES.len() as u64,
            "every request counts, malformed ones included"
        );
        let fresh = Handler::new();
        for (request, expected) in CASES {
            assert_eq!(
                handler.handle(request),
                fresh.handle(request),
                "{request:?}: a handler that served {} requests answers like a fresh one",
                handler.served()
            );
            assert_eq!(fresh.handle(request), expected, "{request:?}");
        }
    }

    #[test]
    fn nothing_but_the_served_counter_is_kept_between_requests() {
        assert_eq!(
            std::mem::size_of::<Handler>(),
            std::mem::size_of::<Cell<u64>>(),
            "Handler keeps something besides its `served` counter; a field an answer reads \
             is state, even when it is emptied at the start of every request"
        );
    }
}
