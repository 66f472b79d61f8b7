"""relate: stories — group a corpus into stories and topics, online, in publication order."""
