-- One logical database per service, and Temporal's two (its schema job fills them).
CREATE DATABASE authservice;
CREATE DATABASE ticketmanagement;
CREATE DATABASE workflowmanagement;
CREATE DATABASE messagingservice;
CREATE DATABASE notificationservice;
CREATE DATABASE temporal;
CREATE DATABASE temporal_visibility;
