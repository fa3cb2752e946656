from mistral_engine.workflow import states


def test_same_state_is_always_a_valid_transition():
    assert states.is_valid_transition("SKIPPED", "SKIPPED")


def test_table_of_section_19():
    assert states.is_valid_transition("IDLE", "RUNNING")
    assert states.is_valid_transition("WAITING", "RUNNING")
    assert not states.is_valid_transition("WAITING", "ERROR")
    assert states.is_valid_transition("RUNNING", "DELAYED")
    assert states.is_valid_transition("ERROR", "SKIPPED")
    assert not states.is_valid_transition("SUCCESS", "RUNNING")
    assert states.is_valid_transition("CANCELLED", "RUNNING")


def test_nothing_leaves_skipped_and_unknown_states_are_invalid():
    assert not states.is_valid_transition("SKIPPED", "RUNNING")
    assert not states.is_valid_transition("RUNNING", "BOGUS")


def test_completed_and_running_helpers():
    assert states.is_completed("SKIPPED") and not states.is_completed("WAITING")
    assert states.is_running("DELAYED") and not states.is_running("PAUSED")
    assert states.RUNNING_DELAYED == "DELAYED"
