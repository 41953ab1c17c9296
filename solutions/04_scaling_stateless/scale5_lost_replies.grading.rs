#[cfg(test)]
mod grading {
    use super::*;
    use std::collections::HashMap;

    const SPAN: u64 = 1_000_000;

    fn check_history(log: &[u64], sent: &HashMap<ClientId, Vec<u64>>, context: &str) {
        let total: usize = sent.values().map(Vec::len).sum();
        assert_eq!(log.len(), total, "{context}: values missing or duplicated");
        for (&id, values) in sent {
            let theirs: Vec<u64> = log
                .iter()
                .copied()
                .filter(|v| v / SPAN == u64::from(id))
                .collect();
            assert_eq!(&theirs, values, "{context}: client {id}'s history is wrong");
        }
    }

    #[test]
    fn many_seeds_loss_rates_and_client_counts_keep_exact_histories() {
        for (seed, loss, client_count) in [
            (10, 0, 2),
            (11, 10, 3),
            (12, 25, 5),
            (13, 50, 8),
            (14, 70, 4),
            (15, 90, 2),
        ] {
            let mut rng = Rng::new(seed ^ 0xABCD);
            let mut link = LossyLink::new(seed, loss);
            let mut server = Server::new();
            let ids: Vec<ClientId> = (0..client_count).map(|i| 7 + i * 5).collect();
            let mut clients: Vec<Client> = ids.iter().map(|&id| Client::new(id)).collect();
            let mut sent: HashMap<ClientId, Vec<u64>> = HashMap::new();
            let mut replies = Vec::new();
            let requests = if loss >= 70 { 150 } else { 600 };
            for _ in 0..requests {
                let pick = rng.below(u64::from(client_count)) as usize;
                let id = ids[pick];
                let values = sent.entry(id).or_default();
                let value = u64::from(id) * SPAN + values.len() as u64 + 1;
                values.push(value);
                let reply = clients[pick].append(&mut link, &mut server, value);
                replies.push((reply, value));
                assert!(
                    server.dedupe_len() <= client_count as usize,
                    "seed {seed}: dedupe table grew past one entry per client"
                );
            }
            let context = format!("seed {seed}, loss {loss}%");
            if loss > 0 {
                assert!(link.replies_lost > 0, "{context}: no reply was lost");
            }
            check_history(server.log(), &sent, &context);
            for (reply, value) in replies {
                assert_eq!(server.log().get(reply.index), Some(&value), "{context}");
            }
            assert_eq!(
                server.dedupe_len(),
                sent.len(),
                "{context}: one entry per client"
            );
        }
    }

    #[test]
    fn replaying_messages_at_the_server_matches_a_reference_model() {
        // Every client sends requests in order, but the network may deliver any
        // earlier request of that client again, any number of times.
        let mut rng = Rng::new(0xD0_0D);
        let mut server = Server::new();
        let mut log: Vec<u64> = Vec::new();
        let mut sent: HashMap<ClientId, Vec<(Append, Appended)>> = HashMap::new();
        for step in 0..5_000 {
            let client = rng.below(6) as ClientId;
            let history = sent.entry(client).or_default();
            if history.is_empty() || rng.below(3) == 0 {
                let seq = history.len() as u64 + 1;
                let request = Append {
                    id: RequestId { client, seq },
                    value: rng.next_u64(),
                };
                let reply = server.handle(&request).expect("a new request is applied");
                log.push(request.value);
                assert_eq!(
                    reply,
                    Appended {
                        index: log.len() - 1
                    },
                    "step {step}"
                );
                history.push((request, reply));
            } else {
                let which = rng.below(history.len() as u64) as usize;
                let (request, reply) = history[which];
                let answer = server.handle(&request);
                if which + 1 == history.len() {
                    assert_eq!(answer, Some(reply), "step {step}: a repeat of the latest");
                } else {
                    assert_eq!(answer, None, "step {step}: a late copy of older work");
                }
            }
            assert_eq!(server.log(), log.as_slice(), "step {step}: log differs");
            assert!(
                server.dedupe_len() <= 6,
                "step {step}: table grew past the clients"
            );
        }
    }

    #[test]
    fn clients_with_the_same_sequence_numbers_do_not_shadow_each_other() {
        let mut server = Server::new();
        for client in 1..=50 {
            let request = Append {
                id: RequestId { client, seq: 1 },
                value: u64::from(client),
            };
            assert_eq!(
                server.handle(&request),
                Some(Appended {
                    index: client as usize - 1
                }),
                "client {client}'s first request is new, whatever other clients sent"
            );
        }
        assert_eq!(server.log(), (1..=50).collect::<Vec<u64>>());
        assert_eq!(server.dedupe_len(), 50);
    }

    #[test]
    fn a_client_that_skips_sequence_numbers_is_still_served() {
        let mut server = Server::new();
        for (i, seq) in [3, 10, 11, 500].into_iter().enumerate() {
            let request = Append {
                id: RequestId { client: 1, seq },
                value: seq,
            };
            assert_eq!(server.handle(&request), Some(Appended { index: i }));
            assert_eq!(server.handle(&request), Some(Appended { index: i }));
        }
        assert_eq!(server.log(), [3, 10, 11, 500]);
        assert_eq!(server.dedupe_len(), 1);
    }
}
