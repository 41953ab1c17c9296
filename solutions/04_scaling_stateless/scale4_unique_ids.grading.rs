#[cfg(test)]
mod grading {
    use super::*;
    use std::collections::HashSet;

    /// splitmix64: a small seeded random source, so every run crashes the same nodes.
    struct Rng(u64);

    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next_u64() % n
        }
    }

    #[test]
    fn many_nodes_random_crashes_fixed_seeds_all_ids_unique() {
        for (seed, size) in [(11, 2), (12, 5), (13, 16), (0xD1CE, 40)] {
            let mut rng = Rng(seed);
            let mut boot_counter = BootCounter::new();
            let names: Vec<NodeId> = (0..size).map(|i| 1_000 + i * 3).collect();
            let mut nodes: Vec<IdGenerator> = names
                .iter()
                .map(|&name| IdGenerator::start(name, &mut boot_counter))
                .collect();
            let mut starts = size as u64;
            let mut seen = HashSet::new();
            for step in 0..20_000 {
                let index = rng.below(size as u64) as usize;
                if rng.below(25) == 0 {
                    nodes[index] = IdGenerator::start(names[index], &mut boot_counter);
                    starts += 1;
                }
                let id = nodes[index].next_id();
                assert_eq!(id.node(), names[index], "seed {seed}: wrong node in id");
                assert!(
                    seen.insert(id),
                    "seed {seed}, step {step}: duplicate {id:?}"
                );
            }
            assert!(
                boot_counter.calls() <= starts,
                "seed {seed}: {} calls to the boot counter for {starts} starts",
                boot_counter.calls()
            );
        }
    }

    /// A whole simulated cluster from scratch: random ids and restarts from a seed.
    fn replay(seed: u64) -> Vec<Id> {
        let mut rng = Rng(seed);
        let mut boot_counter = BootCounter::new();
        let mut nodes: Vec<IdGenerator> = (0..4)
            .map(|name| IdGenerator::start(name, &mut boot_counter))
            .collect();
        let mut ids = Vec::new();
        for _ in 0..500 {
            let index = rng.below(4) as usize;
            if rng.below(20) == 0 {
                nodes[index] = IdGenerator::start(index as NodeId, &mut boot_counter);
            }
            ids.push(nodes[index].next_id());
        }
        ids
    }

    #[test]
    fn replaying_a_random_history_on_a_fresh_cluster_gives_the_same_ids() {
        for seed in [21, 22, 23] {
            assert_eq!(
                replay(seed),
                replay(seed),
                "seed {seed}: a node's ids must depend only on its generator and boot counter"
            );
        }
    }

    #[test]
    fn a_node_restarted_many_times_in_a_row_never_repeats() {
        let mut boot_counter = BootCounter::new();
        let mut seen = HashSet::new();
        for restart in 0..500 {
            let mut node = IdGenerator::start(9, &mut boot_counter);
            for _ in 0..(restart % 4) {
                assert!(
                    seen.insert(node.next_id()),
                    "restart {restart}: duplicate id"
                );
            }
        }
        assert!(boot_counter.calls() <= 500);
    }

    #[test]
    fn a_generator_that_never_restarts_makes_a_million_ids_with_no_boot_counter_call_after_start() {
        let mut boot_counter = BootCounter::new();
        let mut node = IdGenerator::start(4, &mut boot_counter);
        let calls_after_start = boot_counter.calls();
        let mut previous = node.next_id();
        for _ in 0..1_000_000 {
            let id = node.next_id();
            assert_ne!(id, previous);
            previous = id;
        }
        assert_eq!(
            boot_counter.calls(),
            calls_after_start,
            "ids must not need the boot counter"
        );
    }

    #[test]
    fn nodes_with_equal_boot_numbers_are_kept_apart_by_their_names() {
        // Node names alone separate nodes: generators on different nodes that happen to
        // get the same boot number (from two different boot counters) still never collide.
        let mut first = BootCounter::new();
        let mut second = BootCounter::new();
        let mut a = IdGenerator::start(1, &mut first);
        let mut b = IdGenerator::start(2, &mut second);
        let mut seen = HashSet::new();
        for _ in 0..1_000 {
            assert!(seen.insert(a.next_id()));
            assert!(seen.insert(b.next_id()));
        }
    }
}
