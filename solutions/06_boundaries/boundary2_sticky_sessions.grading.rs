#[cfg(test)]
mod grading {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

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

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// The rules of the task, written out once more as a model to compare with.
    #[derive(Default)]
    struct Model {
        next_id: NodeId,
        /// Each node in service, with the sessions in its memory.
        nodes: BTreeMap<NodeId, BTreeMap<ClientId, String>>,
        pins: BTreeMap<ClientId, NodeId>,
    }

    impl Model {
        fn least_loaded(&self) -> Option<NodeId> {
            let mut load: BTreeMap<NodeId, usize> = self.nodes.keys().map(|&id| (id, 0)).collect();
            for pinned in self.pins.values() {
                *load.get_mut(pinned).unwrap() += 1;
            }
            load.into_iter()
                .min_by_key(|&(id, n)| (n, id))
                .map(|(id, _)| id)
        }

        fn add(&mut self) -> NodeId {
            let id = self.next_id;
            self.next_id += 1;
            self.nodes.insert(id, BTreeMap::new());
            id
        }

        fn remove(&mut self, id: NodeId) -> bool {
            if self.nodes.remove(&id).is_none() {
                return false;
            }
            let orphans: Vec<ClientId> = self
                .pins
                .iter()
                .filter(|(_, &n)| n == id)
                .map(|(&c, _)| c)
                .collect();
            for c in &orphans {
                self.pins.remove(c);
            }
            for c in orphans {
                if let Some(target) = self.least_loaded() {
                    self.pins.insert(c, target);
                }
            }
            true
        }

        fn send(&mut self, client: ClientId, request: Request) -> Response {
            let id = match self.pins.get(&client) {
                Some(&id) => id,
                None => {
                    let id = self.least_loaded().unwrap();
                    self.pins.insert(client, id);
                    id
                }
            };
            let sessions = self.nodes.get_mut(&id).unwrap();
            match request {
                Request::Login { user } => {
                    sessions.insert(client, user);
                    Response::LoggedIn
                }
                Request::WhoAmI => match sessions.get(&client) {
                    Some(user) => Response::You { user: user.clone() },
                    None => Response::NotLoggedIn,
                },
            }
        }
    }

    fn random_workload(seed: u64) {
        let mut rng = Rng(seed);
        let mut balancer = StickyBalancer::new();
        let mut model = Model::default();
        for _ in 0..1 + rng.below(4) {
            assert_eq!(balancer.add_node(WebNode::in_memory()), model.add());
        }
        for step in 0..300 {
            match rng.below(20) {
                0 => {
                    assert_eq!(
                        balancer.add_node(WebNode::in_memory()),
                        model.add(),
                        "seed {seed} step {step}: node ids count up and are never reused"
                    );
                }
                1 if model.nodes.len() > 1 => {
                    let id = rng.below(model.next_id as u64 + 1) as NodeId;
                    let expected = model.remove(id);
                    assert_eq!(
                        balancer.remove_node(id).is_some(),
                        expected,
                        "seed {seed} step {step}: removing node {id}"
                    );
                }
                2..=7 => {
                    let client = rng.below(50);
                    let request = Request::Login {
                        user: format!("user{client}-{step}"),
                    };
                    assert_eq!(
                        balancer.send(client, request.clone()),
                        model.send(client, request),
                        "seed {seed} step {step}: client {client} logs in"
                    );
                }
                _ => {
                    let client = rng.below(50);
                    assert_eq!(
                        balancer.send(client, Request::WhoAmI),
                        model.send(client, Request::WhoAmI),
                        "seed {seed} step {step}: client {client} asks who it is"
                    );
                }
            }
            for client in 0..50 {
                assert_eq!(
                    balancer.node_of(client),
                    model.pins.get(&client).copied(),
                    "seed {seed} step {step}: where client {client} is pinned"
                );
            }
            if step % 10 != 0 {
                continue;
            }
            for id in 0..model.next_id + 1 {
                assert_eq!(
                    balancer.clients_on(id),
                    model.pins.values().filter(|&&n| n == id).count(),
                    "seed {seed} step {step}: clients on node {id}"
                );
            }
        }
    }

    #[test]
    fn random_workloads_match_the_rules() {
        for seed in 1..=12 {
            random_workload(seed);
        }
    }

    #[test]
    fn with_a_shared_store_no_change_of_nodes_ever_logs_anyone_out() {
        let mut rng = Rng(4242);
        let store = Rc::new(SessionStore::new());
        let mut balancer = StickyBalancer::new();
        let mut in_service: BTreeSet<NodeId> = BTreeSet::new();
        for _ in 0..3 {
            in_service.insert(balancer.add_node(WebNode::backed_by(store.clone())));
        }
        let mut logged: BTreeMap<ClientId, String> = BTreeMap::new();
        let mut requests = 0;
        for step in 0..400 {
            match rng.below(10) {
                0 => {
                    in_service.insert(balancer.add_node(WebNode::backed_by(store.clone())));
                }
                1 if in_service.len() > 1 => {
                    let id = *in_service
                        .iter()
                        .nth(rng.below(in_service.len() as u64) as usize)
                        .unwrap();
                    in_service.remove(&id);
                    assert!(balancer.remove_node(id).is_some());
                }
                2..=4 => {
                    let client = rng.below(40);
                    let user = format!("user{client}-{step}");
                    balancer.send(client, Request::Login { user: user.clone() });
                    requests += 1;
                    logged.insert(client, user);
                }
                _ => {
                    let client = rng.below(40);
                    let expected = match logged.get(&client) {
                        Some(user) => Response::You { user: user.clone() },
                        None => Response::NotLoggedIn,
                    };
                    assert_eq!(
                        balancer.send(client, Request::WhoAmI),
                        expected,
                        "step {step}: with the sessions in a shared store, nobody is ever logged out"
                    );
                    requests += 1;
                }
            }
        }
        assert_eq!(store.calls(), requests, "one store call per request");
    }

    #[test]
    fn when_the_last_node_leaves_its_clients_are_unpinned() {
        let mut balancer = StickyBalancer::new();
        balancer.add_node(WebNode::in_memory());
        for client in 0..3 {
            balancer.send(
                client,
                Request::Login {
                    user: "ada".to_string(),
                },
            );
        }
        assert!(balancer.remove_node(0).is_some());
        for client in 0..3 {
            assert_eq!(
                balancer.node_of(client),
                None,
                "no node is left to pin client {client} to"
            );
        }
        assert_eq!(balancer.clients_on(0), 0);
        assert_eq!(balancer.add_node(WebNode::in_memory()), 1);
        assert_eq!(
            balancer.send(2, Request::WhoAmI),
            Response::NotLoggedIn,
            "the session died with node 0"
        );
        assert_eq!(balancer.node_of(2), Some(1));
    }

    #[test]
    fn remove_node_hands_back_the_node_itself() {
        // The node handed back by `remove_node` is the very node that held the sessions.
        let mut balancer = StickyBalancer::new();
        balancer.add_node(WebNode::in_memory());
        balancer.add_node(WebNode::in_memory());
        balancer.send(
            0,
            Request::Login {
                user: "ada".to_string(),
            },
        );
        let mut node = balancer.remove_node(0).expect("node 0 is in service");
        assert_eq!(
            node.handle(0, Request::WhoAmI),
            Response::You {
                user: "ada".to_string()
            },
            "remove_node returns the node itself, sessions and all"
        );
    }

    #[test]
    fn repeated_removals_move_only_the_clients_of_the_removed_nodes() {
        let mut balancer = StickyBalancer::new();
        for _ in 0..6 {
            balancer.add_node(WebNode::in_memory());
        }
        for client in 0..120 {
            balancer.send(
                client,
                Request::Login {
                    user: format!("u{client}"),
                },
            );
        }
        for leaving in [4, 0, 2] {
            let before: Vec<Option<NodeId>> = (0..120).map(|c| balancer.node_of(c)).collect();
            balancer.remove_node(leaving);
            let mut moved = 0;
            for client in 0..120u64 {
                let was = before[client as usize];
                let now = balancer.node_of(client);
                if was == Some(leaving) {
                    moved += 1;
                    assert_ne!(now, Some(leaving));
                    assert!(now.is_some());
                } else {
                    assert_eq!(now, was, "client {client} was not on node {leaving}");
                }
            }
            assert!(moved > 0);
        }
        let loads: Vec<usize> = [1, 3, 5]
            .iter()
            .map(|&id| balancer.clients_on(id))
            .collect();
        assert_eq!(
            loads.iter().sum::<usize>(),
            120,
            "every client is pinned somewhere"
        );
        assert!(
            loads.iter().max().unwrap() - loads.iter().min().unwrap() <= 1,
            "re-pinning to the least loaded node keeps the load even: {loads:?}"
        );
    }
}
