// boundary3_pure_rules: the rule in the middle, the data at the edge
//
// A bank's transfer service does two jobs. It decides whether a transfer is allowed and
// what the balances become: a business rule. And it reads and writes accounts: data. The
// first version below does both at once. It loads the sender, checks it, debits it and
// saves it, and only then loads the receiver. To test that rule you need a database, and
// when the receiver turns out to be frozen, the money has already left the sender.
//
// Split it along the boundary this chapter is about:
//   - `decide_transfer` is the business rule as a pure function. Given the two accounts
//     and the amount, it returns both accounts as they must be afterwards, or the reason
//     the transfer is refused. It reads and writes no storage, so you test it with plain
//     values, and it gives the same answer on any server.
//   - `TransferService::transfer` becomes a thin shell: load both accounts from the
//     repository (an id it does not know gives `UnknownAccount(id)`, sender checked
//     first), ask the rule, and save the two new accounts only if the rule agreed.
//   - the data stays behind the `AccountRepository` trait: the stateful component. An
//     in-memory one is provided; in production it would be a database.
//
// The rule, checked in this order:
//   1. the amount must be positive                  -> `NotPositive`
//   2. the two accounts must be different accounts  -> `SameAccount`
//   3. neither account may be frozen, sender first  -> `Frozen(id of that account)`
//   4. the sender may go below zero, but not below minus its overdraft limit
//                                                   -> `InsufficientFunds { available }`,
//      where `available` is what it could have sent: balance + overdraft limit.
// When it passes, the sender's balance goes down by the amount and the receiver's goes up
// by it; nothing else about the accounts changes.

use std::collections::HashMap;

// ----- provided: you do not need to change this -----

/// An account. Money is in cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub balance: i64,
    /// How far below zero the balance may go (0: not at all).
    pub overdraft_limit: i64,
    pub frozen: bool,
}

impl Account {
    /// A fresh, unfrozen account with no overdraft.
    pub fn open(id: &str, balance: i64) -> Self {
        Account {
            id: id.to_string(),
            balance,
            overdraft_limit: 0,
            frozen: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferError {
    UnknownAccount(String),
    NotPositive,
    SameAccount,
    Frozen(String),
    InsufficientFunds { available: i64 },
}

/// Where accounts live: the stateful component.
pub trait AccountRepository {
    fn load(&self, id: &str) -> Option<Account>;
    fn save(&mut self, account: Account);
}

/// An in-memory repository, standing in for a database.
#[derive(Debug, Default)]
pub struct MemoryAccounts {
    accounts: HashMap<String, Account>,
}

impl MemoryAccounts {
    pub fn with(accounts: Vec<Account>) -> Self {
        let accounts = accounts.into_iter().map(|a| (a.id.clone(), a)).collect();
        MemoryAccounts { accounts }
    }
}

impl AccountRepository for MemoryAccounts {
    fn load(&self, id: &str) -> Option<Account> {
        self.accounts.get(id).cloned()
    }

    fn save(&mut self, account: Account) {
        self.accounts.insert(account.id.clone(), account);
    }
}

// ----- your code -----

/// The business rule: the two accounts after the transfer, or why it is refused.
/// Pure: no repository, no globals, nothing but its inputs.
pub fn decide_transfer(
    from: &Account,
    to: &Account,
    amount: i64,
) -> Result<(Account, Account), TransferError> {
    if amount <= 0 {
        return Err(TransferError::NotPositive);
    }
    if from.id == to.id {
        return Err(TransferError::SameAccount);
    }
    for account in [from, to] {
        if account.frozen {
            return Err(TransferError::Frozen(account.id.clone()));
        }
    }
    let available = from.balance + from.overdraft_limit;
    if amount > available {
        return Err(TransferError::InsufficientFunds { available });
    }
    let from_after = Account {
        balance: from.balance - amount,
        ..from.clone()
    };
    let to_after = Account {
        balance: to.balance + amount,
        ..to.clone()
    };
    Ok((from_after, to_after))
}

/// The service: stateless glue between callers, the rule and the repository.
pub struct TransferService<R: AccountRepository> {
    repo: R,
}

impl<R: AccountRepository> TransferService<R> {
    pub fn new(repo: R) -> Self {
        TransferService { repo }
    }

    pub fn repository(&self) -> &R {
        &self.repo
    }

    /// Load, decide, and only then write: a refused transfer touches no data.
    pub fn transfer(
        &mut self,
        from_id: &str,
        to_id: &str,
        amount: i64,
    ) -> Result<(), TransferError> {
        // Cheap checks first, before any storage call.
        if amount <= 0 {
            return Err(TransferError::NotPositive);
        }
        let from = self.load(from_id)?;
        let to = self.load(to_id)?;
        let (from_after, to_after) = decide_transfer(&from, &to, amount)?;
        self.repo.save(from_after);
        self.repo.save(to_after);
        Ok(())
    }

    fn load(&self, id: &str) -> Result<Account, TransferError> {
        self.repo
            .load(id)
            .ok_or_else(|| TransferError::UnknownAccount(id.to_string()))
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    /// A repository that records every save, so tests can see what the service wrote.
    struct RecordingRepository {
        inner: MemoryAccounts,
        saved: Vec<Account>,
    }

    impl RecordingRepository {
        fn with(accounts: Vec<Account>) -> Self {
            RecordingRepository {
                inner: MemoryAccounts::with(accounts),
                saved: Vec::new(),
            }
        }
    }

    impl AccountRepository for RecordingRepository {
        fn load(&self, id: &str) -> Option<Account> {
            self.inner.load(id)
        }

        fn save(&mut self, account: Account) {
            self.saved.push(account.clone());
            self.inner.save(account);
        }
    }

    #[test]
    fn the_rule_moves_money_from_sender_to_receiver() {
        let ada = Account::open("ada", 10_000);
        let alan = Account::open("alan", 500);
        let (ada_after, alan_after) =
            decide_transfer(&ada, &alan, 2_500).expect("ada can afford 2,500");
        assert_eq!(
            ada_after,
            Account {
                balance: 7_500,
                ..ada.clone()
            },
            "the sender pays the amount"
        );
        assert_eq!(
            alan_after,
            Account {
                balance: 3_000,
                ..alan.clone()
            },
            "the receiver gets the amount"
        );
    }

    #[test]
    fn the_rule_allows_the_overdraft_down_to_its_limit_and_not_a_cent_more() {
        let ada = Account {
            overdraft_limit: 1_000,
            ..Account::open("ada", 200)
        };
        let alan = Account::open("alan", 0);
        let (ada_after, _) =
            decide_transfer(&ada, &alan, 1_200).expect("200 plus 1,000 of overdraft");
        assert_eq!(
            ada_after.balance, -1_000,
            "exactly at the overdraft limit is allowed"
        );
        assert_eq!(
            decide_transfer(&ada, &alan, 1_201),
            Err(TransferError::InsufficientFunds { available: 1_200 }),
            "one cent past the limit is refused, and the error says how much was available"
        );
    }

    #[test]
    fn the_rule_refuses_zero_and_negative_amounts() {
        let ada = Account::open("ada", 100);
        let alan = Account::open("alan", 100);
        assert_eq!(
            decide_transfer(&ada, &alan, 0),
            Err(TransferError::NotPositive)
        );
        assert_eq!(
            decide_transfer(&ada, &alan, -50),
            Err(TransferError::NotPositive),
            "a negative transfer would pull money from the receiver"
        );
    }

    #[test]
    fn the_rule_refuses_a_transfer_to_the_same_account() {
        let ada = Account::open("ada", 100);
        assert_eq!(
            decide_transfer(&ada, &ada.clone(), 10),
            Err(TransferError::SameAccount)
        );
        let frozen_ada = Account {
            frozen: true,
            ..ada
        };
        assert_eq!(
            decide_transfer(&frozen_ada, &frozen_ada.clone(), 10),
            Err(TransferError::SameAccount),
            "the checks go in order: check 2 (same account) comes before check 3 (frozen)"
        );
    }

    #[test]
    fn the_rule_refuses_frozen_accounts_sender_first() {
        let ada = Account::open("ada", 100);
        let frozen_alan = Account {
            frozen: true,
            ..Account::open("alan", 100)
        };
        let frozen_grace = Account {
            frozen: true,
            ..Account::open("grace", 100)
        };
        assert_eq!(
            decide_transfer(&ada, &frozen_alan, 10),
            Err(TransferError::Frozen("alan".to_string()))
        );
        assert_eq!(
            decide_transfer(&frozen_alan, &ada, 10),
            Err(TransferError::Frozen("alan".to_string()))
        );
        assert_eq!(
            decide_transfer(&frozen_grace, &frozen_alan, 10),
            Err(TransferError::Frozen("grace".to_string())),
            "when both are frozen, the sender is reported"
        );
    }

    #[test]
    fn the_service_stores_what_the_rule_decided() {
        let mut service = TransferService::new(MemoryAccounts::with(vec![
            Account::open("ada", 10_000),
            Account::open("alan", 500),
        ]));
        assert_eq!(service.transfer("ada", "alan", 2_500), Ok(()));
        assert_eq!(service.repository().load("ada").unwrap().balance, 7_500);
        assert_eq!(service.repository().load("alan").unwrap().balance, 3_000);
    }

    #[test]
    fn a_refused_transfer_writes_nothing() {
        let frozen_alan = Account {
            frozen: true,
            ..Account::open("alan", 500)
        };
        let mut service = TransferService::new(RecordingRepository::with(vec![
            Account::open("ada", 10_000),
            frozen_alan,
        ]));
        assert_eq!(
            service.transfer("ada", "alan", 100),
            Err(TransferError::Frozen("alan".to_string()))
        );
        assert!(
            service.repository().saved.is_empty(),
            "the transfer was refused, yet the service saved {:?}",
            service.repository().saved
        );
        assert_eq!(
            service.repository().load("ada").unwrap().balance,
            10_000,
            "ada keeps her money"
        );
    }

    #[test]
    fn a_transfer_to_an_unknown_account_writes_nothing() {
        let mut service = TransferService::new(RecordingRepository::with(vec![Account::open(
            "ada", 10_000,
        )]));
        assert_eq!(
            service.transfer("ada", "nobody", 100),
            Err(TransferError::UnknownAccount("nobody".to_string()))
        );
        assert!(
            service.repository().saved.is_empty(),
            "nothing may be written for a failed transfer"
        );
    }

    #[test]
    fn unknown_accounts_are_reported_before_the_rule_is_asked() {
        let mut service = TransferService::new(RecordingRepository::with(vec![Account::open(
            "ada", 10_000,
        )]));
        assert_eq!(
            service.transfer("ghost", "nobody", 100),
            Err(TransferError::UnknownAccount("ghost".to_string())),
            "neither account exists: the sender is reported"
        );
        assert_eq!(
            service.transfer("ada", "nobody", 0),
            Err(TransferError::UnknownAccount("nobody".to_string())),
            "both accounts are loaded before the rule is asked, so an unknown receiver is reported even for an amount the rule would refuse"
        );
        assert!(
            service.repository().saved.is_empty(),
            "nothing may be written for a failed transfer"
        );
    }

    #[test]
    fn the_service_refuses_a_transfer_to_the_same_account() {
        let mut service = TransferService::new(RecordingRepository::with(vec![Account::open(
            "ada", 10_000,
        )]));
        assert_eq!(
            service.transfer("ada", "ada", 100),
            Err(TransferError::SameAccount)
        );
        assert!(
            service.repository().saved.is_empty(),
            "nothing may be written for a refused transfer"
        );
    }
}
