// intro1_first_edit: your first edit
//
// Welcome to statelings. Every exercise is one Rust file like this one: the task up
// here, some code for you to finish, and, below the marker line, the tests. The tests
// are the specification: the exercise is done when all of them pass. You edit only
// the code above the marker.
//
// One round goes like this:
//   1. Read the task and the tests.
//   2. Change the code above the marker and save the file.
//   3. The runner sees the save, compiles this file together with its tests, and shows
//      a verdict: passed, failed (which test, and its message), or a compiler error.
//   4. Once it passes, read the takeaway it shows you and go on to the next exercise.
//
// Stuck? In watch mode (run `statelings` with no arguments) the keys are listed on the
// screen: one more hint, the list of exercises, check all, reset this file, quit.
// The same things exist as commands, for example:
//   statelings hint intro1_first_edit     (each call shows one more hint)
//   statelings run intro1_first_edit      (check this exercise once)
//   statelings list                       (every exercise and its status)
//   statelings reset intro1_first_edit    (start over; your version is kept as a backup)
//
// Your task: `double` must return twice the number it is given. Right now its body is
// `todo!()`, which stops the program with a panic, so every test fails. Replace
// `todo!()` with the answer, save, and watch the verdict change.
//
// Notice one thing about `double`: its answer depends on nothing but its input. Ask it
// about 21 once or a million times, today or next year, and it says 42. Keep that in
// mind: it is what the next chapter calls *stateless*.

pub fn double(n: i64) -> i64 {
    n + 2
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_a_positive_number() {
        assert_eq!(double(21), 42, "double(21) should be 42");
    }

    #[test]
    fn doubles_zero() {
        assert_eq!(double(0), 0, "double(0) should be 0");
    }

    #[test]
    fn doubles_a_negative_number() {
        assert_eq!(double(-7), -14, "double(-7) should be -14");
    }

    #[test]
    fn same_input_gives_same_answer_every_time() {
        for _ in 0..100 {
            assert_eq!(double(5), 10, "double(5) should be 10 on every call");
        }
    }
}
