"""The dispute resolution (escalation) tracker and good-practice notifications.

  codes         themes, partner agencies, outcomes, who good practice is about (key -> label)
  stages        the council's stages and the presets, kept as vault settings
  model         an escalation with its stage history; its deadlines, worked out in working days
  tracker       raise, move up, skip, refer to Cafcass, resolve: each one audited transaction
  deadlines     escalation deadlines as rows of My week and the calendar
  letters       the letter or email text for each stage, for the IRO to copy
  good_practice good-practice notifications and the quality ratings recorded at reviews
  screen        what the Escalations tab shows, and its filters
  figures       what the annual report counts (the KPI part calls these two functions only)
"""
