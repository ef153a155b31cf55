#!/bin/sh
# The node's /etc/hostname is bind-mounted read-only at /etc/host_hostname by the demo stack.
mkdir -p /www
if [ -r /etc/host_hostname ]; then cat /etc/host_hostname; else hostname; fi > /www/index.html
exec httpd -f -p 80 -h /www
