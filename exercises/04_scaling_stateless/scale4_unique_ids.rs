// scale4_unique_ids: unique ids without asking anyone each time
//
// Many systems need ids that are unique across the whole cluster: order numbers,
// request ids (you will need those in the next exercise). The simplest design is a
// stateful coordinator holding one counter that every node asks for every id. It is
// correct, but every id now costs a round trip to one machine, and when that machine
// is slow or down, no node can make an id at all.
//
// The cheaper design gives each node its own name and its own counter:
//
//      id = (node, counter)        node 1 makes (1,1) (1,2) (1,3) ...
//                                  node 2 makes (2,1) (2,2) ...      never the same pair
//
// No node talks to any other node to make an id. But look closely: the counter is
// state, and it lives in the node's memory. When the node crashes and restarts empty,
// the counter starts again from 0 and the node hands out ids it already handed out.
//
// The code below is that cheaper design, with exactly that flaw. Fix it so that ids stay
// unique across crashes and restarts, while a node still makes its ids without asking
// anyone. You may consult the `BootCounter`, a small stateful service that survives
// crashes, but only when a node starts, never once per id: the tests count the calls.
// Change `Id` as you need; it must keep saying which node made it.
//
// The tests simulate a crash inside one test program: they drop a node's `IdGenerator`
// and call `IdGenerator::start` again. So a node's memory is its `IdGenerator`, and its
// disk is the `BootCounter` it is handed; keep everything the node knows in one of the
// two. A `static` counter would quietly survive the simulated crash, but a real crash
// wipes it just like the generator, so it would bring the duplicates straight back. To
// catch that, one test runs the same history on two separate simulated clusters (each
// with its own boot counter) and expects them to hand out exactly the same ids.

// ----- provided: you do not need to change this -----

/// The name of a node. Every node in the cluster has a different one.
pub type NodeId = u16;

/// A tiny stateful service that never forgets (think of it as a counter kept on a
/// disk that survives every crash). Each call to `next_boot` returns a number it has
/// never returned before. It counts its calls so the tests can see how often it was asked.
#[derive(Debug, Default)]
pub struct BootCounter {
    boots: u64,
    calls: u64,
}

impl BootCounter {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn next_boot(&mut self) -> u64 {
        self.calls += 1;
        self.boots += 1;
        self.boots
    }

    pub fn calls(&self) -> u64 {
        self.calls
    }
}

// ----- your code -----

/// An id that is unique across the cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Id {
    node: NodeId,
    counter: u64,
}

impl Id {
    /// The node that made this id.
    pub fn node(&self) -> NodeId {
        self.node
    }
}

/// Makes ids on one node. A crash loses it completely: a restarted node calls
/// `IdGenerator::start` again and begins with empty memory.
pub struct IdGenerator {
    node: NodeId,
    counter: u64,
}

impl IdGenerator {
    /// Starts (or restarts) the generator of node `node`.
    pub fn start(node: NodeId, boot_counter: &mut BootCounter) -> Self {
        IdGenerator { node, counter: 0 }
    }

    /// A new id, made without asking anyone.
    pub fn next_id(&mut self) -> Id {
        self.counter += 1;
        Id {
            node: self.node,
            counter: self.counter,
        }
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_from_one_node_are_all_different() {
        let mut boot_counter = BootCounter::new();
        let mut node = IdGenerator::start(1, &mut boot_counter);
        let ids: HashSet<Id> = (0..1_000).map(|_| node.next_id()).collect();
        assert_eq!(
            ids.len(),
            1_000,
            "1000 ids from one node must be 1000 different ids"
        );
    }

    #[test]
    fn ids_from_different_nodes_never_collide() {
        let mut boot_counter = BootCounter::new();
        let mut a = IdGenerator::start(1, &mut boot_counter);
        let mut b = IdGenerator::start(2, &mut boot_counter);
        let mut seen = HashSet::new();
        for _ in 0..500 {
            assert!(
                seen.insert(a.next_id()),
                "node 1 made an id that already existed"
            );
            assert!(
                seen.insert(b.next_id()),
                "node 2 made an id that already existed"
            );
        }
    }

    #[test]
    fn an_id_tells_which_node_made_it() {
        let mut boot_counter = BootCounter::new();
        let mut node = IdGenerator::start(7, &mut boot_counter);
        assert_eq!(node.next_id().node(), 7);
    }

    #[test]
    fn a_restarted_node_never_repeats_an_id_from_before_the_crash() {
        let mut boot_counter = BootCounter::new();
        let mut seen = HashSet::new();
        let mut node = IdGenerator::start(3, &mut boot_counter);
        for _ in 0..10 {
            seen.insert(node.next_id());
        }
        // Crash: the generator and everything in its memory are gone.
        let mut node = IdGenerator::start(3, &mut boot_counter);
        for _ in 0..10 {
            let id = node.next_id();
            assert_eq!(id.node(), 3, "the restarted node is still node 3");
            assert!(
                seen.insert(id),
                "after the restart node 3 handed out {id:?} again"
            );
        }
    }

    #[test]
    fn a_busy_node_never_repeats_an_id_whatever_it_made_before_the_crash() {
        let mut boot_counter = BootCounter::new();
        let mut seen = HashSet::new();
        for start in 1..=3 {
            let mut node = IdGenerator::start(5, &mut boot_counter);
            for _ in 0..5_000 {
                let id = node.next_id();
                assert!(
                    seen.insert(id),
                    "start {start}: {id:?} was handed out before (5000 ids per start)"
                );
            }
        }
    }

    /// One simulated cluster, from scratch: its own boot counter (the nodes' disk) and
    /// two nodes, one of which crashes and restarts. Returns every id made, in order.
    fn run_the_same_history() -> Vec<Id> {
        let mut boot_counter = BootCounter::new();
        let mut a = IdGenerator::start(1, &mut boot_counter);
        let mut b = IdGenerator::start(2, &mut boot_counter);
        let mut ids = vec![a.next_id(), b.next_id(), a.next_id()];
        // Node 1 crashes: its memory (the generator) is gone, and it starts again.
        a = IdGenerator::start(1, &mut boot_counter);
        ids.push(a.next_id());
        ids.push(b.next_id());
        ids.push(a.next_id());
        ids
    }

    #[test]
    fn a_node_keeps_its_state_in_its_generator_and_its_boot_counter_only() {
        let first = run_the_same_history();
        let second = run_the_same_history();
        assert_eq!(
            first, second,
            "two separate clusters with the same history handed out different ids, so a \
             node remembers something outside its IdGenerator and its BootCounter (a \
             static?). A real crash wipes a static too, and the old ids would come back"
        );
    }

    #[test]
    fn nodes_ask_the_boot_counter_at_most_once_per_start_never_per_id() {
        let mut boot_counter = BootCounter::new();
        let mut nodes: Vec<IdGenerator> = (1..=3)
            .map(|name| IdGenerator::start(name, &mut boot_counter))
            .collect();
        for node in &mut nodes {
            for _ in 0..1_000 {
                node.next_id();
            }
        }
        assert!(
            boot_counter.calls() <= 3,
            "3 starts and 3000 ids cost {} calls to the boot counter; ids must not need coordination",
            boot_counter.calls()
        );
    }

    #[test]
    fn crashes_and_restarts_at_random_never_produce_a_duplicate() {
        let mut boot_counter = BootCounter::new();
        let mut nodes: Vec<IdGenerator> = (0..4)
            .map(|name| IdGenerator::start(name, &mut boot_counter))
            .collect();
        let mut seen = HashSet::new();
        let mut starts = 4;
        // xorshift64 with a fixed seed: the same crashes on every run.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut random = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for step in 0..2_000 {
            let index = random(4) as usize;
            if random(40) == 0 {
                nodes[index] = IdGenerator::start(index as NodeId, &mut boot_counter);
                starts += 1;
            }
            let id = nodes[index].next_id();
            assert_eq!(id.node(), index as NodeId, "the id names the wrong node");
            assert!(seen.insert(id), "step {step}: {id:?} was handed out twice");
        }
        assert!(
            boot_counter.calls() <= starts,
            "at most one call to the boot counter per start"
        );
    }
}
