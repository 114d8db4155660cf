-- The `clientMutationId` of the mutation that made each change, so that a client whose
-- connection broke while its mutation committed can find out whether it was saved.
ALTER TABLE changes ADD COLUMN client_mutation_id TEXT COLLATE "C";
CREATE INDEX changes_client_mutation_id ON changes (client_mutation_id)
    WHERE client_mutation_id IS NOT NULL;
