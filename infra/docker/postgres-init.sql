-- One logical database per service (Temporal's own are created by its auto-setup image).
CREATE DATABASE authservice;
CREATE DATABASE ticketmanagement;
CREATE DATABASE workflowmanagement;
CREATE DATABASE messagingservice;
CREATE DATABASE notificationservice;
