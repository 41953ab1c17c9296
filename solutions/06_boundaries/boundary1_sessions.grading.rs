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

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn web_tier(nodes: usize) -> (Arc<MemorySessionStore>, Balancer) {
        let store = Arc::new(MemorySessionStore::new());
        let mut balancer = Balancer::new();
        for _ in 0..nodes {
            balancer.add_node(WebNode::new(store.clone()));
        }
        (store, balancer)
    }

    /// Random logins, look-ups, logouts and changes to the web tier, checked step by step
    /// against a model that is simply one map from token to user.
    fn random_workload(seed: u64) {
        let mut rng = Rng(seed);
        let (store, mut balancer) = web_tier(1 + rng.below(4));
        let mut model: HashMap<String, String> = HashMap::new();
        let mut ended: Vec<String> = Vec::new();
        let mut all_tokens: Vec<String> = Vec::new();
        for step in 0..400 {
            match rng.below(10) {
                0..=2 => {
                    let user = format!("user{}", rng.below(20));
                    match balancer.send(Request::Login { user: user.clone() }) {
                        Response::LoggedIn { token } => {
                            assert!(
                                !all_tokens.contains(&token),
                                "seed {seed} step {step}: token {token} was handed out twice"
                            );
                            all_tokens.push(token.clone());
                            model.insert(token, user);
                        }
                        other => panic!("seed {seed} step {step}: login answered {other:?}"),
                    }
                }
                3..=5 if !model.is_empty() => {
                    let mut tokens: Vec<&String> = model.keys().collect();
                    tokens.sort();
                    let token = tokens[rng.below(tokens.len())].clone();
                    let expected = Response::You {
                        user: model[&token].clone(),
                    };
                    assert_eq!(
                        balancer.send(Request::WhoAmI {
                            token: token.clone()
                        }),
                        expected,
                        "seed {seed} step {step}: a live session must be known on every node"
                    );
                }
                6 if !ended.is_empty() => {
                    let token = ended[rng.below(ended.len())].clone();
                    assert_eq!(
                        balancer.send(Request::WhoAmI { token }),
                        Response::NotLoggedIn,
                        "seed {seed} step {step}: an ended session must stay ended everywhere"
                    );
                }
                7 if !model.is_empty() => {
                    let mut tokens: Vec<String> = model.keys().cloned().collect();
                    tokens.sort();
                    let token = tokens[rng.below(tokens.len())].clone();
                    assert_eq!(
                        balancer.send(Request::Logout {
                            token: token.clone()
                        }),
                        Response::LoggedOut,
                        "seed {seed} step {step}: logging out a live session"
                    );
                    model.remove(&token);
                    ended.push(token);
                }
                8 => {
                    if balancer.len() > 1 && rng.below(2) == 0 {
                        balancer.remove_node(rng.below(balancer.len()));
                    } else {
                        balancer.add_node(WebNode::new(store.clone()));
                    }
                }
                _ => {
                    let index = rng.below(balancer.len());
                    balancer.restart_node(index, WebNode::new(store.clone()));
                }
            }
        }
        for (token, user) in &model {
            assert_eq!(
                store.user_of(token).as_deref(),
                Some(user.as_str()),
                "seed {seed}: the store must hold every live session"
            );
        }
        for token in &ended {
            assert_eq!(
                store.user_of(token),
                None,
                "seed {seed}: ended sessions leave the store"
            );
        }
    }

    #[test]
    fn random_workloads_with_nodes_joining_leaving_and_restarting() {
        for seed in 1..=25 {
            random_workload(seed);
        }
    }

    #[test]
    fn separate_stores_are_separate_systems() {
        let (_store_a, mut tier_a) = web_tier(2);
        let (_store_b, mut tier_b) = web_tier(2);
        let token = match tier_a.send(Request::Login {
            user: "ada".to_string(),
        }) {
            Response::LoggedIn { token } => token,
            other => panic!("login answered {other:?}"),
        };
        for _ in 0..4 {
            assert_eq!(
                tier_b.send(Request::WhoAmI {
                    token: token.clone()
                }),
                Response::NotLoggedIn,
                "a web tier must know only the sessions of the store it was given"
            );
        }
    }

    #[test]
    fn the_store_alone_follows_the_session_contract() {
        let store = MemorySessionStore::new();
        let first = store.create("ada");
        let second = store.create("ada");
        assert_ne!(
            first, second,
            "two sessions of the same user get two tokens"
        );
        assert_eq!(store.user_of(&first).as_deref(), Some("ada"));
        assert!(
            store.remove(&first),
            "removing a live session reports it existed"
        );
        assert!(
            !store.remove(&first),
            "removing it again reports it did not"
        );
        assert_eq!(store.user_of(&first), None);
        assert_eq!(
            store.user_of(&second).as_deref(),
            Some("ada"),
            "the other session lives on"
        );
    }

    #[test]
    fn a_node_started_after_the_login_serves_the_session() {
        let store = Arc::new(MemorySessionStore::new());
        let first = WebNode::new(store.clone());
        let token = match first.handle(Request::Login {
            user: "grace".to_string(),
        }) {
            Response::LoggedIn { token } => token,
            other => panic!("login answered {other:?}"),
        };
        drop(first);
        let later = WebNode::new(store.clone());
        assert_eq!(
            later.handle(Request::WhoAmI {
                token: token.clone()
            }),
            Response::You {
                user: "grace".to_string()
            },
            "a node that did not exist at login time must still know the session"
        );
        assert_eq!(
            later.handle(Request::Logout {
                token: token.clone()
            }),
            Response::LoggedOut
        );
        assert_eq!(
            later.handle(Request::Logout { token }),
            Response::NotLoggedIn
        );
    }
}
