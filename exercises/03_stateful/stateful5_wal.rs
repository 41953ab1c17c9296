// stateful5_wal: write it down before you say yes
//
// The registry's state lives in memory, and memory is gone the moment the power
// fails. A snapshot taken last night does not save today's writes. Databases solve
// this with a write-ahead log: before a write changes anything or is acknowledged
// (before `register` returns `Ok`), a record of it is appended to a log on disk.
// After a crash, the state is rebuilt by replaying the log from the start. The rule
// that makes it work: never say "done" about a write that is not on disk yet.
//
// `Disk` below stands for the disk: it survives `crash()`, memory does not. A test
// can make its power fail after a number of characters; the write in progress is
// then *torn*: only its first characters reach the disk, and `append` returns
// `Err(Crashed)`.
//
// The registry below keeps its records in memory and writes them to disk four at a
// time, which is fast, but every crash loses up to three writes it already said `Ok`
// to. And `open` ignores what is on the disk. Your task:
//   - `register` and `remove` append their record to the disk first; only if that
//     succeeds do they change memory and return `Ok`. If it fails they return
//     `Err(Crashed)` and change nothing;
//   - `open` rebuilds the state by replaying every complete record on the disk, in
//     order;
//   - a record is complete when its final newline is on disk. A torn last record was
//     never acknowledged: ignore it, and cut it off the disk (`Disk::truncate`), so
//     that records appended after the restart do not get glued onto it. Apart from
//     that cut, `open` leaves the log exactly as it found it: no rewriting, since a
//     crash in the middle of a rewrite could lose records that were acknowledged.
//
// The records, one per line:
//     set <age> <name>        `register(name, age)`, for a new or an existing name
//     del <name>              `remove(name)` of a registered name (nothing is logged
//                             when the name is unknown, as nothing changes)
// A name is everything after the single space that follows the age (or `del`): it
// never contains a newline, but it can contain spaces, several in a row, and words
// such as `del` or `set`. Ages can be any `u32`.

use std::collections::HashMap;

// ----- provided: you do not need to change this -----
/// The power failed: this write did not (fully) reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crashed;

/// Stands for the disk: an append-only text that survives crashes.
#[derive(Debug, Default)]
pub struct Disk {
    log: String,
    /// How many more characters can be written before the power fails (`None`: never).
    power_left: Option<usize>,
}

impl Disk {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the power fail after `chars` more characters have been written.
    pub fn power_fails_after(&mut self, chars: usize) {
        self.power_left = Some(chars);
    }

    /// Appends `text` to the log. If the power fails part-way, only the first
    /// characters are written (a torn write) and the result is `Err(Crashed)`; after
    /// that, nothing more is written until the machine restarts.
    pub fn append(&mut self, text: &str) -> Result<(), Crashed> {
        match self.power_left {
            None => {
                self.log.push_str(text);
                Ok(())
            }
            Some(left) => {
                let written: String = text.chars().take(left).collect();
                self.log.push_str(&written);
                let written_chars = written.chars().count();
                self.power_left = Some(left - written_chars);
                if written_chars == text.chars().count() {
                    Ok(())
                } else {
                    Err(Crashed)
                }
            }
        }
    }

    /// Everything on the disk.
    pub fn contents(&self) -> &str {
        &self.log
    }

    /// Cuts the log back to its first `len` bytes (a char boundary, as `String::truncate`).
    pub fn truncate(&mut self, len: usize) {
        self.log.truncate(len);
    }

    /// The machine restarts: the power is back, the log is as the crash left it.
    fn restart(mut self) -> Disk {
        self.power_left = None;
        self
    }
}
// ----- your code -----

pub struct Registry {
    disk: Disk,
    ages: HashMap<String, u32>,
    /// Records not yet written: they go to disk four at a time.
    unsaved: Vec<String>,
}

impl Registry {
    /// Opens the registry kept on `disk`.
    pub fn open(disk: Disk) -> Registry {
        Registry {
            disk,
            ages: HashMap::new(),
            unsaved: Vec::new(),
        }
    }

    pub fn register(&mut self, name: &str, age: u32) -> Result<(), Crashed> {
        self.ages.insert(name.to_string(), age);
        self.log(format!("set {age} {name}\n"))
    }

    pub fn remove(&mut self, name: &str) -> Result<Option<u32>, Crashed> {
        let removed = self.ages.remove(name);
        if removed.is_some() {
            self.log(format!("del {name}\n"))?;
        }
        Ok(removed)
    }

    fn log(&mut self, record: String) -> Result<(), Crashed> {
        self.unsaved.push(record);
        if self.unsaved.len() == 4 {
            self.disk.append(&self.unsaved.concat())?;
            self.unsaved.clear();
        }
        Ok(())
    }

    pub fn age_of(&self, name: &str) -> Option<u32> {
        self.ages.get(name).copied()
    }

    pub fn len(&self) -> usize {
        self.ages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ages.is_empty()
    }

    /// The power fails: everything in memory is lost, the disk is all that is left.
    /// (Given: keep it as it is.)
    pub fn crash(self) -> Disk {
        self.disk.restart()
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn restart(registry: Registry) -> Registry {
        Registry::open(registry.crash())
    }

    #[test]
    fn a_write_is_on_the_disk_as_soon_as_it_is_acknowledged() {
        let mut registry = Registry::open(Disk::new());
        assert_eq!(registry.register("ada", 36), Ok(()));
        let disk = registry.crash();
        assert_eq!(
            disk.contents(),
            "set 36 ada\n",
            "the record must be on disk before `Ok` is returned"
        );
    }

    #[test]
    fn a_single_acknowledged_write_survives_a_crash() {
        let mut registry = Registry::open(Disk::new());
        registry.register("ada", 36).unwrap();
        let registry = restart(registry);
        assert_eq!(
            registry.age_of("ada"),
            Some(36),
            "ada was acknowledged, so she must survive"
        );
    }

    #[test]
    fn reopening_replays_registrations_updates_and_removals_in_order() {
        let mut registry = Registry::open(Disk::new());
        registry.register("ada", 36).unwrap();
        registry.register("Grace Hopper", 85).unwrap();
        registry.register("alan", 41).unwrap();
        registry.register("ada", 37).unwrap();
        registry.register("del  ada", 7).unwrap();
        assert_eq!(registry.remove("alan"), Ok(Some(41)));
        assert_eq!(registry.remove("nobody"), Ok(None));
        let registry = restart(registry);
        assert_eq!(
            registry.age_of("ada"),
            Some(37),
            "ada's last registration was at 37"
        );
        assert_eq!(
            registry.age_of("Grace Hopper"),
            Some(85),
            "names may contain spaces"
        );
        assert_eq!(
            registry.age_of("del  ada"),
            Some(7),
            "a name is everything after the age, even two spaces and the word del"
        );
        assert_eq!(registry.age_of("alan"), None, "alan was removed");
        assert_eq!(registry.len(), 3, "ada, Grace Hopper and `del  ada`");
    }

    #[test]
    fn a_write_the_disk_did_not_take_is_neither_acknowledged_nor_applied() {
        let mut disk = Disk::new();
        disk.power_fails_after(5);
        let mut registry = Registry::open(disk);
        assert_eq!(
            registry.register("ada", 36),
            Err(Crashed),
            "only `set 3` reached the disk"
        );
        assert_eq!(
            registry.age_of("ada"),
            None,
            "memory must not run ahead of the disk"
        );
    }

    #[test]
    fn a_torn_last_record_is_ignored_after_the_crash() {
        let mut disk = Disk::new();
        disk.power_fails_after("set 36 ada\n".len() + 9);
        let mut registry = Registry::open(disk);
        assert_eq!(registry.register("ada", 36), Ok(()));
        assert_eq!(
            registry.register("grace", 85),
            Err(Crashed),
            "the power fails inside this record"
        );
        let registry = restart(registry);
        assert_eq!(registry.age_of("ada"), Some(36), "ada was acknowledged");
        assert_eq!(
            registry.age_of("grace"),
            None,
            "grace was never acknowledged"
        );
        assert_eq!(
            registry.age_of("gr"),
            None,
            "a torn record must not become an employee"
        );
        assert_eq!(registry.len(), 1, "only ada");
    }

    #[test]
    fn opening_leaves_a_log_of_complete_records_as_it_is() {
        let log = "set 36 ada\nset 37 ada\nset 85 grace\ndel ada\n";
        let mut disk = Disk::new();
        disk.append(log).unwrap();
        let registry = Registry::open(disk);
        assert_eq!(registry.age_of("grace"), Some(85), "grace was replayed");
        assert_eq!(registry.len(), 1, "ada was registered twice, then removed");
        assert_eq!(
            registry.crash().contents(),
            log,
            "open replays the log; it does not rewrite it"
        );
    }

    #[test]
    fn writes_after_recovering_from_a_torn_record_are_not_lost() {
        let mut disk = Disk::new();
        disk.power_fails_after("set 36 ada\n".len() + 4);
        let mut registry = Registry::open(disk);
        registry.register("ada", 36).unwrap();
        assert_eq!(registry.register("grace", 85), Err(Crashed));
        let mut registry = restart(registry);
        registry.register("linus", 28).unwrap();
        let registry = restart(registry);
        assert_eq!(
            registry.age_of("linus"),
            Some(28),
            "linus was acknowledged after the first restart"
        );
        assert_eq!(registry.len(), 2, "ada and linus");
    }

    /// splitmix64: a tiny seeded generator, so every run sees the same operations.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) % n
        }
    }

    enum Op {
        Register(&'static str, u32),
        Remove(&'static str),
    }

    fn operations(seed: u64, count: usize) -> Vec<Op> {
        const NAMES: [&str; 6] = ["ada", "grace", "alan", "Ada Lovelace", "linus", "ken"];
        let mut rng = Rng(seed);
        (0..count)
            .map(|_| {
                let name = NAMES[rng.below(NAMES.len() as u64) as usize];
                if rng.below(3) == 0 {
                    Op::Remove(name)
                } else {
                    Op::Register(name, rng.below(100) as u32)
                }
            })
            .collect()
    }

    /// Applies `ops` until one fails; every acknowledged one is applied to `model`.
    /// Returns how many were acknowledged.
    fn run(registry: &mut Registry, ops: &[Op], model: &mut HashMap<String, u32>) -> usize {
        for (done, op) in ops.iter().enumerate() {
            let acknowledged = match op {
                Op::Register(name, age) => registry
                    .register(name, *age)
                    .map(|_| model.insert(name.to_string(), *age)),
                Op::Remove(name) => registry.remove(name).map(|_| model.remove(*name)),
            };
            if acknowledged.is_err() {
                return done;
            }
        }
        ops.len()
    }

    fn assert_same_state(registry: &Registry, model: &HashMap<String, u32>, context: &str) {
        for (name, age) in model {
            assert_eq!(
                registry.age_of(name),
                Some(*age),
                "{context}: {name} was acknowledged at {age}"
            );
        }
        assert_eq!(
            registry.len(),
            model.len(),
            "{context}: nothing unacknowledged may appear"
        );
    }

    #[test]
    fn a_crash_at_any_point_loses_no_acknowledged_write() {
        let ops = operations(7, 40);
        let mut full_run = Registry::open(Disk::new());
        run(&mut full_run, &ops, &mut HashMap::new());
        let log_length = full_run.crash().contents().chars().count();
        for power in 0..=log_length {
            let mut disk = Disk::new();
            disk.power_fails_after(power);
            let mut registry = Registry::open(disk);
            let mut model = HashMap::new();
            let done = run(&mut registry, &ops, &mut model);
            let mut registry = restart(registry);
            assert_same_state(
                &registry,
                &model,
                &format!("power failed after {power} chars"),
            );
            run(&mut registry, &ops[done..], &mut model);
            let registry = restart(registry);
            assert_same_state(
                &registry,
                &model,
                &format!("power failed after {power} chars, then finished"),
            );
        }
    }
}
