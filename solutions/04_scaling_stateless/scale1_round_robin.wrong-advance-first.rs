// scale1_round_robin: identical nodes behind a round-robin balancer
//
// A stateless service keeps nothing between requests, so every copy of it (every
// node) gives the same answer to the same request. That is what makes it so easy to
// spread load: a balancer in front of the nodes never has to work out *which* node
// can answer, because every one of them can. It may simply take turns.
//
//                           +--> node 0
//   requests --> balancer --+--> node 1
//                           +--> node 2
//
//   request 1 -> node 0, request 2 -> node 1, request 3 -> node 2, request 4 -> node 0, ...
//
// Your task: finish `RoundRobin::handle`. It sends each request to the node whose
// turn it is, returns that node's reply, and moves the turn on to the next node,
// wrapping around after the last one. The turn follows the order the nodes were given
// in: a node's id is its name, not its position in the list. The tests check that the
// load is spread evenly (no node serves more than one request more than any other) and
// that the answers are exactly the ones a single node would have given.

// ----- provided: you do not need to change this -----

/// The name of a node.
pub type NodeId = usize;

/// A node's answer, labelled with the node that produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reply {
    pub node: NodeId,
    pub maximum: Option<i64>,
}

/// One server of a stateless service that answers "what is the largest of these
/// numbers?". It also counts the requests it served, for the operator's dashboard.
/// That count is an operational counter, not state: no answer ever depends on it, and
/// losing it would change nothing a client can see: the node is stateless to its clients.
#[derive(Debug)]
pub struct Node {
    pub id: NodeId,
    pub served: u64,
}

impl Node {
    pub fn new(id: NodeId) -> Self {
        Node { id, served: 0 }
    }

    pub fn handle(&mut self, numbers: &[i64]) -> Reply {
        self.served += 1;
        Reply {
            node: self.id,
            maximum: numbers.iter().copied().max(),
        }
    }
}

// ----- your code -----

pub struct RoundRobin {
    nodes: Vec<Node>,
    /// The index in `nodes` of the node whose turn it is.
    next: usize,
}

impl RoundRobin {
    /// A balancer in front of `nodes`, which must not be empty. The first node given
    /// goes first.
    pub fn new(nodes: Vec<Node>) -> Self {
        assert!(!nodes.is_empty(), "a balancer needs at least one node");
        RoundRobin { nodes, next: 0 }
    }

    /// Sends the request to the node whose turn it is and returns its reply.
    pub fn handle(&mut self, numbers: &[i64]) -> Reply {
        self.next = (self.next + 1) % self.nodes.len();
        self.nodes[self.next].handle(numbers)
    }

    /// How many requests each node has served, in the order the nodes were given.
    pub fn served(&self) -> Vec<u64> {
        self.nodes.iter().map(|node| node.served).collect()
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(size: usize) -> RoundRobin {
        RoundRobin::new((0..size).map(Node::new).collect())
    }

    #[test]
    fn requests_go_to_the_nodes_in_turn() {
        let mut balancer = cluster(3);
        let order: Vec<NodeId> = (0..7).map(|_| balancer.handle(&[1, 2]).node).collect();
        assert_eq!(
            order,
            vec![0, 1, 2, 0, 1, 2, 0],
            "each request should go to the next node, wrapping around after the last"
        );
    }

    #[test]
    fn load_is_spread_evenly_across_the_nodes() {
        let mut balancer = cluster(4);
        for i in 0..10 {
            balancer.handle(&[i, -i]);
        }
        let served = balancer.served();
        assert_eq!(served, vec![3, 3, 2, 2], "10 requests over 4 nodes in turn");
        let most = served.iter().max().unwrap();
        let least = served.iter().min().unwrap();
        assert!(
            most - least <= 1,
            "no node should serve more than one request more than another: {served:?}"
        );
    }

    #[test]
    fn a_balanced_cluster_answers_exactly_like_a_single_node() {
        let requests: Vec<Vec<i64>> = vec![
            vec![3, 9, 4],
            vec![],
            vec![-5, -2, -8],
            vec![7],
            vec![1, 1, 1],
            vec![i64::MIN, 0, i64::MAX],
        ];
        let mut single = Node::new(0);
        let mut balancer = cluster(3);
        for request in &requests {
            let alone = single.handle(request).maximum;
            let balanced = balancer.handle(request).maximum;
            assert_eq!(
                balanced, alone,
                "the cluster must give the same answer as one node for {request:?}"
            );
        }
    }

    #[test]
    fn the_same_request_gets_the_same_answer_from_every_node() {
        let mut balancer = cluster(5);
        let answers: Vec<Reply> = (0..5).map(|_| balancer.handle(&[4, 11, 6])).collect();
        let nodes: Vec<NodeId> = answers.iter().map(|reply| reply.node).collect();
        assert_eq!(
            nodes,
            vec![0, 1, 2, 3, 4],
            "five requests should reach five nodes"
        );
        for reply in &answers {
            assert_eq!(
                reply.maximum,
                Some(11),
                "node {} gave a different answer to the same request",
                reply.node
            );
        }
    }

    #[test]
    fn the_turn_follows_the_order_the_nodes_were_given_not_their_ids() {
        let mut balancer = RoundRobin::new(vec![Node::new(42), Node::new(7), Node::new(19)]);
        let order: Vec<NodeId> = (0..5).map(|_| balancer.handle(&[0]).node).collect();
        assert_eq!(
            order,
            vec![42, 7, 19, 42, 7],
            "ids are names: the first node given goes first, whatever its id"
        );
    }

    #[test]
    fn a_single_node_serves_every_request() {
        let mut balancer = cluster(1);
        for _ in 0..5 {
            assert_eq!(balancer.handle(&[2]).node, 0, "there is only node 0");
        }
        assert_eq!(balancer.served(), vec![5], "node 0 served all 5 requests");
    }
}
