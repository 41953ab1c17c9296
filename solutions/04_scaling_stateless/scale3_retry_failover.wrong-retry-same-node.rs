// scale3_retry_failover: when a node is down, ask another one
//
// Machines crash. In a stateless cluster that is an inconvenience, not a disaster:
// the crashed node held no data, so none was lost with it, and every other node can
// give exactly the answer it would have given. When the balancer gets an error
// from a node, it can simply send the same request to the next node.
//
//   request --> balancer --1--> node 0   down: Err(NodeDown), nothing was done
//                        \--2--> node 1   up:   Ok(reply), the answer node 0 would give
//
// Here a node that is down refuses the request straight away with `Err(NodeDown)`,
// so the balancer knows for certain the request was not handled and may safely try
// elsewhere. (The next exercises look at what happens when you cannot be so sure.)
//
// Your task: `handle` starts with the node whose turn it is, as before. When that node
// is down, try the next node, and the next, giving each node at most one try per
// request. Return the first reply you get. Only when every node has refused, return
// `Err(AllNodesDown { tried })`, where `tried` is how many nodes were asked. A cluster
// with no nodes at all asks nobody: `Err(AllNodesDown { tried: 0 })`, not a panic.
// The balancer learns that a node is down only by asking it (`is_up` is there for the
// tests: a real balancer cannot look inside a machine). A node that restarts comes back
// empty, which for a stateless node means ready to serve.

// ----- provided: you do not need to change this -----

/// The name of a node.
pub type NodeId = usize;

/// A node's answer, labelled with the node that produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reply {
    pub node: NodeId,
    pub maximum: Option<i64>,
}

/// What a node that is down answers: nothing was done with the request.
#[derive(Debug, PartialEq, Eq)]
pub struct NodeDown(pub NodeId);

/// One server of a stateless service that answers "what is the largest of these
/// numbers?". It can crash and restart. `attempts` and `served` are operational
/// counters (the tests read them, as an operator's dashboard would), not state: no
/// answer ever depends on them.
#[derive(Debug)]
pub struct Node {
    pub id: NodeId,
    up: bool,
    /// Requests sent to this node, whether it was up or not.
    pub attempts: u64,
    /// Requests this node answered.
    pub served: u64,
}

impl Node {
    pub fn new(id: NodeId) -> Self {
        Node {
            id,
            up: true,
            attempts: 0,
            served: 0,
        }
    }

    pub fn is_up(&self) -> bool {
        self.up
    }

    pub fn crash(&mut self) {
        self.up = false;
    }

    /// Comes back up. A stateless node has nothing to reload before serving.
    pub fn restart(&mut self) {
        self.up = true;
    }

    pub fn handle(&mut self, numbers: &[i64]) -> Result<Reply, NodeDown> {
        self.attempts += 1;
        if !self.up {
            return Err(NodeDown(self.id));
        }
        self.served += 1;
        Ok(Reply {
            node: self.id,
            maximum: numbers.iter().copied().max(),
        })
    }
}

/// splitmix64: a tiny seeded random source, so tests crash the same nodes every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// The error the balancer returns when no node could answer.
#[derive(Debug, PartialEq, Eq)]
pub struct AllNodesDown {
    /// How many nodes were asked before giving up.
    pub tried: usize,
}

impl std::fmt::Display for AllNodesDown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no node could answer: all {} nodes are down", self.tried)
    }
}

// ----- your code -----

pub struct Balancer {
    nodes: Vec<Node>,
    /// The index in `nodes` of the node whose turn it is.
    next: usize,
}

impl Balancer {
    pub fn new(nodes: Vec<Node>) -> Self {
        Balancer { nodes, next: 0 }
    }

    /// The node with this id, so that tests can crash and restart it.
    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.nodes.iter_mut().find(|node| node.id == id)
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Sends the request to the node whose turn it is; if that node is down, to the
    /// next one, and so on, asking each node at most once.
    pub fn handle(&mut self, numbers: &[i64]) -> Result<Reply, AllNodesDown> {
        let count = self.nodes.len();
        if count == 0 {
            return Err(AllNodesDown { tried: 0 });
        }
        let index = self.next;
        self.next = (self.next + 1) % count;
        // Maybe it was a glitch: give the same node a few more chances.
        for _ in 0..count {
            if let Ok(reply) = self.nodes[index].handle(numbers) {
                return Ok(reply);
            }
        }
        Err(AllNodesDown { tried: count })
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(size: usize) -> Balancer {
        Balancer::new((0..size).map(Node::new).collect())
    }

    #[test]
    fn with_every_node_up_requests_go_round_robin() {
        let mut balancer = cluster(3);
        let order: Vec<NodeId> = (0..6)
            .map(|_| balancer.handle(&[1]).unwrap().node)
            .collect();
        assert_eq!(order, vec![0, 1, 2, 0, 1, 2], "no failures, so plain turns");
    }

    #[test]
    fn a_down_node_is_skipped_and_every_request_is_still_answered() {
        let mut balancer = cluster(3);
        balancer.node_mut(1).unwrap().crash();
        for i in 0..9 {
            let reply = balancer
                .handle(&[i, 100 - i])
                .expect("two nodes are still up, so every request gets an answer");
            assert_ne!(reply.node, 1, "node 1 is down and cannot have answered");
            assert_eq!(
                reply.maximum,
                Some(100 - i),
                "request {i} got a wrong answer"
            );
        }
        assert_eq!(
            balancer.nodes()[1].served,
            0,
            "node 1 served nothing while down"
        );
    }

    #[test]
    fn the_request_goes_to_the_next_node_after_the_one_that_is_down() {
        let mut balancer = cluster(4);
        balancer.handle(&[0]).unwrap(); // node 0; now it is node 1's turn
        balancer.node_mut(1).unwrap().crash();
        let reply = balancer.handle(&[0]).unwrap();
        assert_eq!(
            reply.node, 2,
            "node 1 is down, so node 2 should answer instead"
        );
    }

    #[test]
    fn all_nodes_down_gives_a_clear_error_after_one_try_each() {
        let mut balancer = cluster(3);
        for id in 0..3 {
            balancer.node_mut(id).unwrap().crash();
        }
        let error = balancer.handle(&[1]).expect_err("every node is down");
        assert_eq!(
            error,
            AllNodesDown { tried: 3 },
            "all three nodes were asked"
        );
        assert_eq!(
            error.to_string(),
            "no node could answer: all 3 nodes are down"
        );
        for node in balancer.nodes() {
            assert_eq!(
                node.attempts, 1,
                "node {} should be asked exactly once",
                node.id
            );
        }
    }

    #[test]
    fn a_cluster_without_nodes_reports_that_no_node_was_tried() {
        let mut balancer = Balancer::new(Vec::new());
        assert_eq!(
            balancer.handle(&[1]),
            Err(AllNodesDown { tried: 0 }),
            "with no nodes there is nobody to ask: an error, not a panic"
        );
    }

    #[test]
    fn a_restarted_node_serves_again_at_once() {
        let mut balancer = cluster(2);
        balancer.node_mut(0).unwrap().crash();
        balancer.node_mut(1).unwrap().crash();
        assert!(balancer.handle(&[1]).is_err(), "nobody is up yet");
        balancer.node_mut(1).unwrap().restart();
        let reply = balancer.handle(&[6, 2]).expect("node 1 is back");
        assert_eq!(
            reply,
            Reply {
                node: 1,
                maximum: Some(6)
            },
            "nothing to reload first"
        );
    }

    #[test]
    fn random_crashes_and_restarts_lose_no_request() {
        let mut rng = Rng::new(7);
        let size = 5;
        let mut balancer = cluster(size);
        let mut answered = 0;
        let mut refused = 0;
        for i in 0..500 {
            let victim = rng.below(size as u64) as usize;
            let node = balancer.node_mut(victim).unwrap();
            if rng.below(3) == 0 {
                node.restart();
            } else {
                node.crash();
            }
            let any_up = balancer.nodes().iter().any(Node::is_up);
            let attempts_before: u64 = balancer.nodes().iter().map(|n| n.attempts).sum();
            let request = [i, 3 * i, -i];
            match balancer.handle(&request) {
                Ok(reply) => {
                    answered += 1;
                    assert!(any_up, "request {i}: an answer with every node down?");
                    assert_eq!(reply.maximum, Some(3 * i), "request {i}: wrong answer");
                }
                Err(error) => {
                    refused += 1;
                    assert!(!any_up, "request {i} was refused although a node was up");
                    assert_eq!(error, AllNodesDown { tried: size });
                }
            }
            let attempts_after: u64 = balancer.nodes().iter().map(|n| n.attempts).sum();
            assert!(
                attempts_after - attempts_before <= size as u64,
                "request {i}: more tries than there are nodes"
            );
        }
        assert!(
            answered > 0 && refused > 0,
            "this seed should produce both outcomes"
        );
        assert_eq!(
            answered + refused,
            500,
            "every request got an answer or an error"
        );
    }
}
