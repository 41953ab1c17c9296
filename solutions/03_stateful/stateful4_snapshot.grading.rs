#[cfg(test)]
mod grading {
    use super::*;

    /// splitmix64: a tiny seeded generator, so every run sees the same registries.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len() as u64) as usize]
        }
    }

    /// Pieces that make names awkward for a line-based format.
    const NAME_PIECES: &[&str] = &[
        "a",
        "n",
        "r",
        "end",
        "end 3",
        ",",
        ",,",
        "\\",
        "\\n",
        "\n",
        "\r",
        "\r\n",
        " ",
        "\t",
        "é",
        "漢",
        "🦀",
        "0",
        "42",
        "registry v1",
        "\"",
        "'",
    ];

    fn random_name(rng: &mut Rng) -> String {
        let pieces = rng.below(6);
        (0..pieces).map(|_| rng.pick(NAME_PIECES)).collect()
    }

    fn random_age(rng: &mut Rng) -> u32 {
        match rng.below(4) {
            0 => 0,
            1 => u32::MAX,
            2 => rng.below(120) as u32,
            _ => rng.next() as u32,
        }
    }

    fn random_registry(rng: &mut Rng) -> Registry {
        let mut registry = Registry::new();
        for _ in 0..rng.below(40) {
            let name = random_name(rng);
            registry.register(&name, random_age(rng));
        }
        registry
    }

    fn at(line: usize, problem: Problem) -> Result<Registry, SnapshotError> {
        Err(SnapshotError { line, problem })
    }

    #[test]
    fn random_registries_with_awkward_names_round_trip() {
        let mut rng = Rng(404);
        for case in 0..500 {
            let registry = random_registry(&mut rng);
            let text = registry.snapshot();
            assert_eq!(
                Registry::restore(&text),
                Ok(registry.clone()),
                "case {case}: restore(snapshot) for {text:?}"
            );
            assert_eq!(
                text.lines().count(),
                registry.len() + 2,
                "case {case}: one line per employee: {text:?}"
            );
            assert!(
                text.ends_with(&format!("\nend {}\n", registry.len())),
                "case {case}: the end line: {text:?}"
            );
        }
    }

    #[test]
    fn the_snapshot_does_not_depend_on_registration_order() {
        let mut rng = Rng(405);
        for case in 0..100 {
            let mut employees: Vec<(String, u32)> = (0..20)
                .map(|i| {
                    (
                        format!("{}{i}", random_name(&mut rng)),
                        random_age(&mut rng),
                    )
                })
                .collect();
            let mut forwards = Registry::new();
            for (name, age) in &employees {
                forwards.register(name, *age);
            }
            employees.reverse();
            let mut backwards = Registry::new();
            for (name, age) in &employees {
                backwards.register(name, *age);
            }
            assert_eq!(
                forwards.snapshot(),
                backwards.snapshot(),
                "case {case}: same employees, same text"
            );
        }
    }

    #[test]
    fn every_truncation_of_a_random_snapshot_is_rejected() {
        let mut rng = Rng(406);
        for case in 0..12 {
            let registry = random_registry(&mut rng);
            let text = registry.snapshot();
            for (cut, _) in text.char_indices() {
                let result = Registry::restore(&text[..cut]);
                if cut == text.len() - 1 {
                    assert_eq!(
                        result,
                        Ok(registry.clone()),
                        "case {case}: only the final newline is missing"
                    );
                } else {
                    assert!(
                        result.is_err(),
                        "case {case}: cut after {cut} bytes was accepted: {:?}",
                        &text[..cut]
                    );
                }
            }
        }
    }

    #[test]
    fn a_damaged_line_in_a_random_snapshot_is_found_on_its_line() {
        let mut rng = Rng(407);
        for case in 0..300 {
            let mut registry = random_registry(&mut rng);
            registry.register("someone", 30);
            let text = registry.snapshot();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            let target = 1 + rng.below(registry.len() as u64) as usize; // an employee line, 0-based
            let (age, name) = lines[target]
                .split_once(',')
                .map(|(a, n)| (a.to_string(), n.to_string()))
                .unwrap();
            let (damaged, expected) = match rng.below(4) {
                0 => (
                    format!("{age};{name}").replace(',', ";"),
                    Problem::MissingComma,
                ),
                1 => (format!("x{age},{name}"), Problem::BadAge(format!("x{age}"))),
                2 => (format!("{age},{name}\\"), Problem::BadEscape),
                _ => (
                    format!("9{age}0000000000,{name}"),
                    Problem::BadAge(format!("9{age}0000000000")),
                ),
            };
            lines[target] = damaged;
            let corrupt = lines.join("\n") + "\n";
            assert_eq!(
                Registry::restore(&corrupt),
                at(target + 1, expected),
                "case {case}: {corrupt:?}"
            );
        }
    }

    #[test]
    fn a_repeated_line_is_reported_as_a_duplicate_where_it_repeats() {
        let mut rng = Rng(408);
        for case in 0..200 {
            let mut registry = random_registry(&mut rng);
            registry.register("someone", 30);
            let mut lines: Vec<String> = registry.snapshot().lines().map(str::to_string).collect();
            let target = 1 + rng.below(registry.len() as u64) as usize;
            lines.insert(target + 1, lines[target].clone());
            let name = unescape_for_test(lines[target].split_once(',').unwrap().1);
            let corrupt = lines.join("\n") + "\n";
            assert_eq!(
                Registry::restore(&corrupt),
                at(target + 2, Problem::DuplicateName(name)),
                "case {case}: {corrupt:?}"
            );
        }
    }

    /// The test's own reading of an escaped name, independent of the code under test.
    fn unescape_for_test(field: &str) -> String {
        field
            .replace("\\\\", "\u{0}")
            .replace("\\n", "\n")
            .replace("\\r", "\r")
            .replace('\u{0}', "\\")
    }

    #[test]
    fn specific_corruptions_give_specific_errors() {
        assert_eq!(
            Registry::restore("\n"),
            at(1, Problem::BadHeader),
            "a blank first line"
        );
        assert_eq!(
            Registry::restore("registry v1 \nend 0\n"),
            at(1, Problem::BadHeader),
            "a header with a trailing space"
        );
        assert_eq!(
            Registry::restore("Registry v1\nend 0\n"),
            at(1, Problem::BadHeader),
            "the header is case-sensitive"
        );
        assert_eq!(
            Registry::restore("registry v1\nend 0"),
            Ok(Registry::new()),
            "an empty snapshot"
        );
        assert_eq!(
            Registry::restore("registry v1\nend 1\n"),
            at(2, Problem::WrongCount)
        );
        assert_eq!(
            Registry::restore("registry v1\nend zero\n"),
            at(2, Problem::WrongCount)
        );
        assert_eq!(
            Registry::restore("registry v1\nend  0\n"),
            at(2, Problem::WrongCount)
        );
        assert_eq!(
            Registry::restore("registry v1\n5,a\n6,b\nend 1\n"),
            at(4, Problem::WrongCount)
        );
        assert_eq!(
            Registry::restore("registry v1\nend 0\n\n"),
            at(3, Problem::TextAfterEnd),
            "a blank line after end"
        );
        assert_eq!(
            Registry::restore("registry v1\n5,a\nend 1\nend 1\n"),
            at(4, Problem::TextAfterEnd)
        );
        assert_eq!(
            Registry::restore("registry v1\n\nend 0\n"),
            at(2, Problem::MissingComma),
            "a blank line"
        );
        assert_eq!(
            Registry::restore("registry v1\n,ada\nend 1\n"),
            at(2, Problem::BadAge(String::new()))
        );
        assert_eq!(
            Registry::restore("registry v1\n4294967296,ada\nend 1\n"),
            at(2, Problem::BadAge("4294967296".to_string())),
            "one more than u32::MAX"
        );
        assert_eq!(
            Registry::restore("registry v1\n4294967295,ada\nend 1").map(|r| r.age_of("ada")),
            Ok(Some(u32::MAX))
        );
        assert_eq!(
            Registry::restore("registry v1\n 5,ada\nend 1\n"),
            at(2, Problem::BadAge(" 5".to_string()))
        );
        assert_eq!(
            Registry::restore("registry v1\n5,ada\\\nend 1\n"),
            at(2, Problem::BadEscape),
            "a lone backslash at the end"
        );
        assert_eq!(
            Registry::restore("registry v1\n5,a\\tb\nend 1\n"),
            at(2, Problem::BadEscape)
        );
        assert_eq!(
            Registry::restore("registry v1\n5,\nend 1\n").map(|r| r.age_of("")),
            Ok(Some(5)),
            "the empty name"
        );
        assert_eq!(
            Registry::restore("registry v1\n5,a,b\nend 1\n").map(|r| r.age_of("a,b")),
            Ok(Some(5)),
            "only the first comma separates"
        );
        assert_eq!(
            Registry::restore("registry v1\n5,ada\n6,alan"),
            at(4, Problem::MissingEnd)
        );
        assert_eq!(
            Registry::restore("registry v1\n5,a\\nb\n6,a\nb\nend 2\n"),
            at(4, Problem::MissingComma),
            "a raw line break inside a name splits the line"
        );
    }

    #[test]
    fn random_garbage_never_panics_and_what_is_accepted_is_consistent() {
        const PIECES: &[&str] = &[
            "registry v1\n",
            "registry v1",
            "end ",
            "end",
            "0",
            "1",
            "2",
            "9",
            "42",
            "4294967296",
            ",",
            "\\",
            "n",
            "r",
            "x",
            "\n",
            "\r\n",
            "\r",
            "é",
            "-",
            " ",
        ];
        let mut rng = Rng(409);
        let mut accepted = 0;
        for case in 0..8_000 {
            let text: String = if case % 4 == 0 {
                // Lines shaped like a snapshot, some of them broken, and an end line
                // that counts them: many of these are valid.
                let lines: Vec<String> = (0..rng.below(5))
                    .map(|_| {
                        let age = rng.pick(&["0", "7", "42", "4294967295", "x", "", "-1"]);
                        let name = rng.pick(&["a", "b", "é", "\\\\", "\\n", "\\x", ",", ""]);
                        format!("{age},{name}\n")
                    })
                    .collect();
                format!("registry v1\n{}end {}\n", lines.concat(), lines.len())
            } else {
                let start = if rng.below(3) == 0 {
                    ""
                } else {
                    "registry v1\n"
                };
                start.to_string()
                    + &(0..rng.below(12))
                        .map(|_| rng.pick(PIECES))
                        .collect::<String>()
            };
            match Registry::restore(&text) {
                Ok(registry) => {
                    accepted += 1;
                    assert_eq!(
                        Registry::restore(&registry.snapshot()),
                        Ok(registry.clone()),
                        "case {case}: {text:?} restored to a registry that does not round-trip"
                    );
                }
                Err(error) => {
                    let lines = text.lines().count().max(1);
                    assert!(
                        error.line >= 1 && error.line <= lines + 1,
                        "case {case}: line {} is outside the text's {lines} lines: {text:?}",
                        error.line
                    );
                }
            }
        }
        assert!(accepted > 200, "many generated texts are valid snapshots: {accepted}");
    }
}
