"""Training content as data: modules, lessons, question banks and scenario assessments."""
