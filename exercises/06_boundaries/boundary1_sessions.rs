// boundary1_sessions: sessions that survive the load balancer
//
// A web tier of identical nodes sits behind a round-robin balancer, as in chapter 4. It
// answers three requests: log in, "who am I?", and log out. The first version of
// `WebNode` keeps the sessions in its own memory. A login handled by node A creates a
// session that only node A knows; the balancer sends the next request to node B, which
// has never seen that token, and the user seems logged out at random. Worse, each node
// numbers its tokens on its own, so two nodes can hand out the same token to two people.
// The nodes look identical, but they have quietly become stateful.
//
// Fix the boundary. Sessions are data, so they belong in a stateful component that every
// web node shares: a session store (in production a database or a cache server; here an
// in-memory stand-in). The web nodes keep nothing of their own and ask the store. Then any
// node can serve any request, and web nodes can be added, removed or restarted without
// logging anyone out.
//
// Your task:
//   - implement `MemorySessionStore`, the stateful part: it maps tokens to users and
//     hands out tokens that are unique in that store, never reused even after a logout
//     (one store is shared by all nodes through an `Arc`, so its methods take `&self`:
//     keep its data behind a `Mutex`);
//   - rewrite `WebNode` so that it holds no sessions of its own and serves all three
//     requests through the store it is given.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

// ----- provided: you do not need to change this -----

/// A request from a browser. (Passwords are left out to keep the focus on sessions.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Login { user: String },
    WhoAmI { token: String },
    Logout { token: String },
}

/// What a web node answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// The login worked; the browser sends this token with its next requests.
    LoggedIn { token: String },
    /// The answer to `WhoAmI` for a live session.
    You { user: String },
    /// The session was ended.
    LoggedOut,
    /// The token belongs to no live session.
    NotLoggedIn,
}

/// Where sessions live: the stateful component of this system.
pub trait SessionStore {
    /// Starts a session for `user` and returns its token, unique in this store.
    fn create(&self, user: &str) -> String;
    /// The user whose session this token is, if that session exists.
    fn user_of(&self, token: &str) -> Option<String>;
    /// Ends a session. Returns whether it existed.
    fn remove(&self, token: &str) -> bool;
}

/// A round-robin balancer over a changing set of web nodes.
#[derive(Default)]
pub struct Balancer {
    nodes: Vec<WebNode>,
    next: usize,
}

impl Balancer {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn add_node(&mut self, node: WebNode) {
        self.nodes.push(node);
    }

    /// Takes a node out of rotation (scaling in, or the node died).
    pub fn remove_node(&mut self, index: usize) {
        self.nodes.remove(index);
    }

    /// Replaces a node with a freshly started one, as a crash and restart would.
    pub fn restart_node(&mut self, index: usize, fresh: WebNode) {
        self.nodes[index] = fresh;
    }

    /// Sends the request to the next node in turn.
    pub fn send(&mut self, request: Request) -> Response {
        assert!(!self.nodes.is_empty(), "the balancer has no web nodes");
        let index = self.next % self.nodes.len();
        self.next = index + 1;
        self.nodes[index].handle(request)
    }
}

// ----- your code -----

/// The shared session store (an in-memory stand-in for a database or a cache server).
#[derive(Default)]
pub struct MemorySessionStore {
    // What does the store have to remember, and how do `&self` methods change it?
}

impl MemorySessionStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl SessionStore for MemorySessionStore {
    fn create(&self, user: &str) -> String {
        todo!()
    }

    fn user_of(&self, token: &str) -> Option<String> {
        todo!()
    }

    fn remove(&self, token: &str) -> bool {
        todo!()
    }
}

/// One web node. This first version keeps sessions in its own memory: that is the bug.
pub struct WebNode {
    sessions: RefCell<HashMap<String, String>>,
    issued: Cell<u64>,
}

impl WebNode {
    pub fn new(store: Arc<dyn SessionStore>) -> Self {
        // The store is handed in, but this version ignores it.
        WebNode {
            sessions: RefCell::new(HashMap::new()),
            issued: Cell::new(0),
        }
    }

    pub fn handle(&self, request: Request) -> Response {
        match request {
            Request::Login { user } => {
                self.issued.set(self.issued.get() + 1);
                let token = format!("session-{}", self.issued.get());
                self.sessions.borrow_mut().insert(token.clone(), user);
                Response::LoggedIn { token }
            }
            Request::WhoAmI { token } => match self.sessions.borrow().get(&token) {
                Some(user) => Response::You { user: user.clone() },
                None => Response::NotLoggedIn,
            },
            Request::Logout { token } => match self.sessions.borrow_mut().remove(&token) {
                Some(_) => Response::LoggedOut,
                None => Response::NotLoggedIn,
            },
        }
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    /// A store and a balancer over `nodes` web nodes that all use that store.
    fn web_tier(nodes: usize) -> (Arc<MemorySessionStore>, Balancer) {
        let store = Arc::new(MemorySessionStore::new());
        let mut balancer = Balancer::new();
        for _ in 0..nodes {
            balancer.add_node(WebNode::new(store.clone()));
        }
        (store, balancer)
    }

    fn login(balancer: &mut Balancer, user: &str) -> String {
        match balancer.send(Request::Login {
            user: user.to_string(),
        }) {
            Response::LoggedIn { token } => token,
            other => panic!("logging in {user} should give a token, got {other:?}"),
        }
    }

    fn who_am_i(balancer: &mut Balancer, token: &str) -> Response {
        balancer.send(Request::WhoAmI {
            token: token.to_string(),
        })
    }

    fn you(user: &str) -> Response {
        Response::You {
            user: user.to_string(),
        }
    }

    #[test]
    fn a_single_node_knows_its_own_logins() {
        let (_store, mut balancer) = web_tier(1);
        let token = login(&mut balancer, "ada");
        assert_eq!(
            who_am_i(&mut balancer, &token),
            you("ada"),
            "one node, one login"
        );
    }

    #[test]
    fn a_login_on_one_node_is_known_on_every_node() {
        let (_store, mut balancer) = web_tier(3);
        let token = login(&mut balancer, "ada");
        for round in 0..6 {
            assert_eq!(
                who_am_i(&mut balancer, &token),
                you("ada"),
                "request {round} after the login went to another node, which must know ada's session too"
            );
        }
    }

    #[test]
    fn the_session_lives_in_the_store() {
        let (store, mut balancer) = web_tier(2);
        let token = login(&mut balancer, "grace");
        assert_eq!(
            store.user_of(&token),
            Some("grace".to_string()),
            "after a login through a web node, the session store should hold the session"
        );
    }

    #[test]
    fn tokens_are_unique_across_the_whole_web_tier() {
        let (_store, mut balancer) = web_tier(3);
        let mut tokens: Vec<String> = (0..9)
            .map(|i| login(&mut balancer, &format!("user{i}")))
            .collect();
        tokens.sort();
        tokens.dedup();
        assert_eq!(
            tokens.len(),
            9,
            "nine logins on three nodes must get nine different tokens"
        );
    }

    #[test]
    fn a_token_is_never_handed_out_twice_even_after_logouts() {
        let (_store, mut balancer) = web_tier(2);
        let ada = login(&mut balancer, "ada");
        let alan = login(&mut balancer, "alan");
        assert_eq!(
            balancer.send(Request::Logout { token: ada.clone() }),
            Response::LoggedOut
        );
        let grace = login(&mut balancer, "grace");
        assert_ne!(
            grace, alan,
            "grace got alan's token: tokens must stay unique after a logout, or one user takes over another's session"
        );
        assert_eq!(
            who_am_i(&mut balancer, &alan),
            you("alan"),
            "a later login must not take over alan's live session"
        );
        assert_eq!(who_am_i(&mut balancer, &grace), you("grace"));
    }

    #[test]
    fn an_unknown_token_is_not_logged_in() {
        let (_store, mut balancer) = web_tier(2);
        login(&mut balancer, "ada");
        assert_eq!(
            who_am_i(&mut balancer, "made-up-token"),
            Response::NotLoggedIn
        );
        assert_eq!(
            balancer.send(Request::Logout {
                token: "made-up-token".to_string()
            }),
            Response::NotLoggedIn,
            "logging out an unknown token ends nothing"
        );
    }

    #[test]
    fn logging_out_on_one_node_ends_the_session_on_every_node() {
        let (_store, mut balancer) = web_tier(3);
        let token = login(&mut balancer, "ada");
        assert_eq!(
            balancer.send(Request::Logout {
                token: token.clone()
            }),
            Response::LoggedOut,
            "a live session can be ended from any node"
        );
        for round in 0..6 {
            assert_eq!(
                who_am_i(&mut balancer, &token),
                Response::NotLoggedIn,
                "request {round}: after logging out, no node may still know the session"
            );
        }
    }

    #[test]
    fn adding_web_nodes_keeps_everyone_logged_in() {
        let (store, mut balancer) = web_tier(2);
        let ada = login(&mut balancer, "ada");
        let alan = login(&mut balancer, "alan");
        for _ in 0..3 {
            balancer.add_node(WebNode::new(store.clone()));
        }
        for _ in 0..balancer.len() {
            assert_eq!(
                who_am_i(&mut balancer, &ada),
                you("ada"),
                "new nodes must know old sessions"
            );
            assert_eq!(
                who_am_i(&mut balancer, &alan),
                you("alan"),
                "new nodes must know old sessions"
            );
        }
    }

    #[test]
    fn removing_and_restarting_web_nodes_keeps_everyone_logged_in() {
        let (store, mut balancer) = web_tier(4);
        let tokens: Vec<String> = ["ada", "alan", "grace", "edsger"]
            .iter()
            .map(|user| login(&mut balancer, user))
            .collect();
        balancer.remove_node(0);
        balancer.remove_node(0);
        balancer.restart_node(0, WebNode::new(store.clone()));
        balancer.restart_node(1, WebNode::new(store.clone()));
        for (token, user) in tokens.iter().zip(["ada", "alan", "grace", "edsger"]) {
            for _ in 0..2 {
                assert_eq!(
                    who_am_i(&mut balancer, token),
                    you(user),
                    "the nodes that logged {user} in are gone or restarted; the session must survive"
                );
            }
        }
    }
}
