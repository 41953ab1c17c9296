#[cfg(test)]
mod grading {
    use super::*;

    /// splitmix64: a small, seeded, deterministic random source.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn range(&mut self, low: i64, high: i64) -> i64 {
            low + (self.next() % (high - low + 1) as u64) as i64
        }

        fn chance(&mut self, percent: u64) -> bool {
            self.next() % 100 < percent
        }
    }

    fn random_account(rng: &mut Rng, id: &str) -> Account {
        Account {
            id: id.to_string(),
            balance: rng.range(-2_000, 20_000),
            overdraft_limit: if rng.chance(40) {
                rng.range(0, 5_000)
            } else {
                0
            },
            frozen: rng.chance(10),
        }
    }

    /// The rule written out once more, as the reference the learner's version must match.
    fn expected(from: &Account, to: &Account, amount: i64) -> Result<(i64, i64), TransferError> {
        if amount <= 0 {
            Err(TransferError::NotPositive)
        } else if from.id == to.id {
            Err(TransferError::SameAccount)
        } else if from.frozen {
            Err(TransferError::Frozen(from.id.clone()))
        } else if to.frozen {
            Err(TransferError::Frozen(to.id.clone()))
        } else if from.balance - amount < -from.overdraft_limit {
            Err(TransferError::InsufficientFunds {
                available: from.balance + from.overdraft_limit,
            })
        } else {
            Ok((from.balance - amount, to.balance + amount))
        }
    }

    #[test]
    fn the_rule_matches_the_reference_on_random_cases() {
        let mut rng = Rng(6_001);
        for case in 0..5_000 {
            let from = random_account(&mut rng, "from");
            let to = if rng.chance(5) {
                from.clone()
            } else {
                random_account(&mut rng, "to")
            };
            let amount = rng.range(-100, 30_000);
            let got = decide_transfer(&from, &to, amount);
            match expected(&from, &to, amount) {
                Err(error) => {
                    assert_eq!(got, Err(error), "case {case}: {from:?} -> {to:?}, {amount}")
                }
                Ok((from_balance, to_balance)) => {
                    let (from_after, to_after) = got.unwrap_or_else(|e| {
                        panic!("case {case}: {from:?} -> {to:?}, {amount} refused: {e:?}")
                    });
                    assert_eq!(
                        from_after,
                        Account {
                            balance: from_balance,
                            ..from.clone()
                        },
                        "case {case}"
                    );
                    assert_eq!(
                        to_after,
                        Account {
                            balance: to_balance,
                            ..to.clone()
                        },
                        "case {case}"
                    );
                    assert_eq!(
                        from_after.balance + to_after.balance,
                        from.balance + to.balance,
                        "case {case}: a transfer neither creates nor destroys money"
                    );
                }
            }
        }
    }

    #[test]
    fn the_rule_gives_the_same_answer_every_time() {
        let mut rng = Rng(6_002);
        for _ in 0..200 {
            let from = random_account(&mut rng, "from");
            let to = random_account(&mut rng, "to");
            let amount = rng.range(1, 20_000);
            let first = decide_transfer(&from, &to, amount);
            for _ in 0..3 {
                assert_eq!(
                    decide_transfer(&from, &to, amount),
                    first,
                    "a pure rule has no memory of earlier calls"
                );
            }
        }
    }

    /// A repository that records every save.
    struct Recorder {
        inner: MemoryAccounts,
        saved: Vec<Account>,
    }

    impl AccountRepository for Recorder {
        fn load(&self, id: &str) -> Option<Account> {
            self.inner.load(id)
        }

        fn save(&mut self, account: Account) {
            self.saved.push(account.clone());
            self.inner.save(account);
        }
    }

    #[test]
    fn the_service_writes_exactly_what_the_rule_decides_and_nothing_when_refused() {
        let mut rng = Rng(6_003);
        let ids = ["ada", "alan", "grace", "edsger", "barbara"];
        let accounts: Vec<Account> = ids.iter().map(|id| random_account(&mut rng, id)).collect();
        let mut model: HashMap<String, Account> =
            accounts.iter().map(|a| (a.id.clone(), a.clone())).collect();
        let total_before: i64 = accounts.iter().map(|a| a.balance).sum();
        let mut service = TransferService::new(Recorder {
            inner: MemoryAccounts::with(accounts),
            saved: Vec::new(),
        });
        let mut accepted = 0;
        for step in 0..2_000 {
            let pick = |rng: &mut Rng| {
                if rng.chance(5) {
                    "ghost".to_string()
                } else {
                    ids[rng.range(0, ids.len() as i64 - 1) as usize].to_string()
                }
            };
            let from_id = pick(&mut rng);
            let to_id = pick(&mut rng);
            let amount = rng.range(-10, 8_000);
            let saves_before = service.repository().saved.len();
            let result = service.transfer(&from_id, &to_id, amount);
            let saves = &service.repository().saved[saves_before..];
            let want = match (model.get(&from_id), model.get(&to_id)) {
                (None, _) => Err(TransferError::UnknownAccount(from_id.clone())),
                (_, None) => Err(TransferError::UnknownAccount(to_id.clone())),
                (Some(from), Some(to)) => decide_transfer(from, to, amount),
            };
            match want {
                Err(error) => {
                    assert_eq!(
                        result,
                        Err(error),
                        "step {step}: {from_id} -> {to_id}, {amount}"
                    );
                    assert!(
                        saves.is_empty(),
                        "step {step}: a refused transfer saved {saves:?}"
                    );
                }
                Ok((from_after, to_after)) => {
                    assert_eq!(
                        result,
                        Ok(()),
                        "step {step}: {from_id} -> {to_id}, {amount}"
                    );
                    let mut saved = saves.to_vec();
                    saved.sort_by(|a, b| a.id.cmp(&b.id));
                    let mut wanted = vec![from_after.clone(), to_after.clone()];
                    wanted.sort_by(|a, b| a.id.cmp(&b.id));
                    assert_eq!(
                        saved, wanted,
                        "step {step}: the service must save the two accounts the rule returned"
                    );
                    accepted += 1;
                    model.insert(from_after.id.clone(), from_after);
                    model.insert(to_after.id.clone(), to_after);
                }
            }
        }
        assert!(
            accepted > 200,
            "the scenario should accept many transfers, accepted {accepted}"
        );
        let total_after: i64 = ids
            .iter()
            .map(|id| service.repository().load(id).unwrap().balance)
            .sum();
        assert_eq!(
            total_after, total_before,
            "money is only moved, never created or lost"
        );
        for id in ids {
            assert_eq!(
                service.repository().load(id).as_ref(),
                model.get(id),
                "{id} ends as the rule says"
            );
        }
    }
}
