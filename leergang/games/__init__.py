"""Budget games for pupils: play a scenario turn by turn, see the debrief, replay."""
